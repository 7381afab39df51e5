package org.mexicop2p.settlement.order;

import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.lifecycle.FactDetails;
import org.mexicop2p.settlement.lifecycle.FactResult;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.lifecycle.OrderInput;
import org.mexicop2p.settlement.money.Token;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerService;
import org.mexicop2p.settlement.partner.Tier;
import org.mexicop2p.settlement.quote.FeeRecipient;
import org.mexicop2p.settlement.quote.Quote;
import org.mexicop2p.settlement.quote.QuoteService;
import org.mexicop2p.settlement.user.UserService;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-statement order read behind {@code GET /api/v1/orders/{id}} against a real database: it must return exactly
 * what the repositories return (every field, decimal scales and instants included) and nothing of another partner.
 */
@DatabaseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderViewQueryTest {

    private static final String CLABE = "012180004643051249";

    private ApplicationContext ctx;

    @BeforeAll
    void start() {
        Map<String, Object> p = new HashMap<>(TestDatabase.create().micronautProperties());
        p.put("flyway.datasources.default.enabled", "true");
        // the recording escrow gateway and webhook outbox of the lifecycle tests stand in for the chain
        p.put("test.lifecycle", "true");
        p.put("mp2p.lifecycle.effects-enabled", "false");
        p.put("mp2p.chain.escrow-address", "0x21b47dd0cf4a1b9a5d8ca8e04d4b29056146c6938f9604d87cf0418c1ec8632");
        p.put("mp2p.chain.tokens.usdc", "0x53c91253bc9682c04929ca02ed00b3e423f6710d2ee7e0d5ebb06f3ecf368a8");
        p.put("mp2p.chain.tokens.usdt", "0x68f5c6a61780768455de69077e07e89787839bf8166decfbf92b645209c0fb8");
        ctx = ApplicationContext.run(p);
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    private Partner partner() {
        return ctx.getBean(PartnerService.class).onboard("Partner " + UUID.randomUUID(), Tier.GROWTH,
                KycModel.PARTNER_MANAGED, List.of()).partner();
    }

    private SettlementOrder order(Partner partner, String amount, String feePercent) {
        ctx.getBean(UserService.class).register(partner, "user-" + amount, null);
        Quote quote = ctx.getBean(QuoteService.class).create(partner, "user-" + amount, new BigDecimal(amount),
                Token.USDT, new BigDecimal(feePercent), FeeRecipient.PARTNER);
        return ctx.getBean(OrderService.class).create(partner, quote.id().toString(), "user-" + amount, CLABE)
                .order();
    }

    private void apply(UUID orderId, OrderInput input, Map<String, String> details) {
        FactResult result = ctx.getBean(OrderFacts.class).apply(new OrderFact(orderId, input, "test:" + input,
                details));
        assertEquals(FactResult.Code.APPLIED, result.code(), input.name());
    }

    /** What the two repository calls the query replaced return for the same order. */
    private OrderService.OrderView viaRepositories(UUID orderId) {
        return new OrderService.OrderView(ctx.getBean(OrderRepository.class).findById(orderId).orElseThrow(),
                ctx.getBean(OrderTimelineRepository.class).findByOrderIdOrderBySeqNo(orderId));
    }

    @Test
    void readsTheOrderAndItsWholeTimelineExactlyAsTheRepositoriesDo() {
        Partner partner = partner();
        SettlementOrder order = order(partner, "123.456789", "1.5");
        apply(order.id(), OrderInput.DEPOSIT_SEEN, Map.of(FactDetails.SELLER, "0x5e11e4",
                FactDetails.BLOCK_HASH, "0xd1"));
        apply(order.id(), OrderInput.LOCK_SEEN, Map.of(FactDetails.BUYER, "0xb0b",
                FactDetails.LOCK_EXPIRY_EPOCH_SECONDS, Long.toString(Instant.now().getEpochSecond() + 3600),
                FactDetails.BLOCK_HASH, "0x10c"));

        OrderService.OrderView view = ctx.getBean(OrderViewQuery.class).find(order.id(), partner.id())
                .orElseThrow();

        assertEquals(viaRepositories(order.id()), view);
        assertEquals(OrderStatus.LOCKED, view.order().status());
        assertEquals(List.of(1, 2, 3), view.timeline().stream().map(OrderTimelineEntry::seqNo).toList());
        assertEquals(List.of(OrderStatus.PENDING_DEPOSIT, OrderStatus.ACTIVE, OrderStatus.LOCKED),
                view.timeline().stream().map(OrderTimelineEntry::status).toList());
        assertEquals(new BigDecimal("123456789"), view.order().amountBaseUnits().stripTrailingZeros()
                .setScale(0), "USDT has 6 decimals");
    }

    @Test
    void aFreshOrderHasItsCreationStep() {
        Partner partner = partner();
        SettlementOrder order = order(partner, "100", "0");
        OrderService.OrderView view = ctx.getBean(OrderViewQuery.class).find(order.id(), partner.id())
                .orElseThrow();
        assertEquals(viaRepositories(order.id()), view);
        assertEquals(List.of(OrderTimelineEntry.CREATED),
                view.timeline().stream().map(OrderTimelineEntry::event).toList());
    }

    @Test
    void anotherPartnersOrMissingOrderIsNotFound() {
        Partner owner = partner();
        Partner other = partner();
        SettlementOrder order = order(owner, "50", "2");
        OrderViewQuery query = ctx.getBean(OrderViewQuery.class);

        assertTrue(query.find(order.id(), other.id()).isEmpty());
        assertTrue(query.find(UUID.randomUUID(), owner.id()).isEmpty());
        OrderService service = ctx.getBean(OrderService.class);
        RejectedException refused = assertThrows(RejectedException.class,
                () -> service.get(other, order.id().toString()));
        assertEquals(Rejection.NOT_FOUND, refused.rejection());
        assertEquals(Rejection.NOT_FOUND, assertThrows(RejectedException.class,
                () -> service.get(owner, "not-a-uuid")).rejection());
        assertEquals(order.id(), service.get(owner, order.id().toString()).order().id());
    }

    @Test
    void noFixedLengthTextColumnIsLeftAndTheClabeStaysMandatory() throws SQLException {
        // V53: H2 rewraps every result that has a CHAR column (it re-pads the row on each column read).
        DataSource pool = DelegatingDataSource.unwrapDataSource(ctx.getBean(DataSource.class));
        List<String> fixedLength = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                     + "WHERE LOWER(table_schema) = 'public'")) {
            while (rs.next()) {
                if (rs.getString(3).equalsIgnoreCase("character")) {
                    fixedLength.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        assertEquals(List.of(), fixedLength);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT data_type, character_maximum_length, is_nullable "
                     + "FROM information_schema.columns WHERE LOWER(table_name) = 'settlement_order' "
                     + "AND LOWER(column_name) = 'clabe'")) {
            assertTrue(rs.next());
            assertEquals("character varying", rs.getString(1).toLowerCase(Locale.ROOT));
            assertEquals(18, rs.getInt(2));
            assertEquals("NO", rs.getString(3));
        }
        Partner partner = partner();
        SettlementOrder order = order(partner, "77", "1");
        assertEquals(CLABE, ctx.getBean(OrderViewQuery.class).find(order.id(), partner.id()).orElseThrow()
                .order().clabe());
    }
}

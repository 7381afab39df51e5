package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.Test;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;
import org.mexicop2p.testsupport.DatabaseTest;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trade from {@code POST /orders} to {@code COMPLETED} with nothing but the outside world acting: the seller's
 * deposit and the buyer's lock on the sandbox node, a SPEI transfer at the sandbox portal, the buyer's proof (the CEP
 * uploaded, or the SPEI details for the engine to fetch from Banxico), and the engine's own release on-chain.
 */
@DatabaseTest
class HappyPathEndToEndTest extends EndToEndTest {

    private static final List<String> EVERY_STEP = List.of("order.created", "order.deposit_confirmed",
            "order.locked", "order.payment_verified", "order.completed");
    private static final List<String> TIMELINE = List.of("ORDER_CREATED->PENDING_DEPOSIT", "DEPOSIT_SEEN->ACTIVE",
            "LOCK_SEEN->LOCKED", "PAYMENT_VERIFIED->PENDING_RELEASE", "RELEASE_SEEN->COMPLETED");

    /** Seller and buyer of a trade driven up to LOCKED, and the escrow's balance before the deposit. */
    private record Locked(Trade trade, BigInteger seller, BigInteger buyer, BigInteger escrowBefore) {
    }

    private Locked lockedTrade() {
        Trade trade = driver.newOrder();
        assertEquals("PENDING_DEPOSIT", driver.status(trade));
        BigInteger escrowBefore = driver.balance(trade.tokenAddress(), harness.node().escrowAddress());
        BigInteger seller = driver.deposit(trade);
        driver.awaitStatus(trade, "ACTIVE");
        assertEquals(escrowBefore.add(trade.amountBaseUnits()),
                driver.balance(trade.tokenAddress(), harness.node().escrowAddress()));
        BigInteger buyer = driver.lock(trade, 3_600);
        driver.awaitStatus(trade, "LOCKED");
        return new Locked(trade, seller, buyer, escrowBefore);
    }

    private void assertSettledOnChain(Locked locked, byte[] cep) {
        Trade trade = locked.trade();
        EscrowOrder onChain = driver.escrowOrder(trade);
        assertEquals(EscrowOrder.RELEASED, onChain.status());
        assertEquals(locked.buyer(), onChain.buyer());
        assertEquals(trade.amountBaseUnits(), driver.balance(trade.tokenAddress(), locked.buyer()),
                "the buyer got exactly the order's crypto");
        assertEquals(BigInteger.ZERO, driver.balance(trade.tokenAddress(), locked.seller()));
        assertEquals(locked.escrowBefore(), driver.balance(trade.tokenAddress(), harness.node().escrowAddress()),
                "the escrow holds nothing for this order any more");
        assertTrue(driver.proofUsed(proofHash(cep)), "the release consumed the proof bound to this CEP");
    }

    @Test
    void uploadedReceiptCompletesTheTradeOnChain() {
        Locked locked = lockedTrade();
        Trade trade = locked.trade();
        byte[] cep = driver.downloadCep(driver.pay(trade));

        Reply verdict = driver.uploadProof(trade, cep);
        assertEquals(200, verdict.status(), verdict.raw());
        assertEquals("VERIFIED", verdict.get("verdict"));
        driver.awaitStatus(trade, "COMPLETED");

        assertSettledOnChain(locked, cep);
        driver.awaitWebhooks(trade, EVERY_STEP.toArray(String[]::new));
        assertEquals(TIMELINE, timeline(trade));

        // Growth tier: MexicoP2P keeps 20 % of the partner's 1.5 % fee on 1,725.00 MXN (25.88 -> 5.18).
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Reply revenue = driver.revenue(trade.partner(), today.minusDays(1), today.plusDays(1));
        assertEquals(200, revenue.status(), revenue.raw());
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = ((List<Map<String, Object>>) revenue.get("entries")).stream()
                .filter(e -> trade.id().equals(e.get("orderId"))).findFirst().orElseThrow();
        assertMxn("25.88", entry.get("feeAmountMxn"));
        assertMxn("5.18", entry.get("platformShareMxn"));
        assertMxn("20.70", entry.get("partnerRevenueMxn"));
    }

    @Test
    void speiDetailsLetTheEngineFetchTheReceiptAndCompleteTheTrade() {
        Locked locked = lockedTrade();
        Trade trade = locked.trade();
        SpeiPayment payment = driver.pay(trade);

        Reply done = driver.awaitFetch(driver.fetchProof(trade, payment), TradeDriver.DEFAULT_WAIT);
        assertEquals(200, done.status(), done.raw());
        assertEquals("VERIFIED", done.get("verdict"));
        driver.awaitStatus(trade, "COMPLETED");

        assertSettledOnChain(locked, driver.downloadCep(payment));
        driver.awaitWebhooks(trade, EVERY_STEP.toArray(String[]::new));
        assertEquals(TIMELINE, timeline(trade));
    }
}

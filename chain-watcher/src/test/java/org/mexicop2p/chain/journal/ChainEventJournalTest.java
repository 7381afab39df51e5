package org.mexicop2p.chain.journal;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.chain.support.ChainHarness;
import org.mexicop2p.settlement.chain.BlockRef;
import org.mexicop2p.settlement.chain.ChainPosition;
import org.mexicop2p.settlement.chain.ChainReorg;
import org.mexicop2p.settlement.chain.DisputeOpened;
import org.mexicop2p.settlement.chain.EscrowEvent;
import org.mexicop2p.settlement.chain.OrderCreated;
import org.mexicop2p.settlement.chain.OrderLocked;
import org.mexicop2p.testsupport.DatabaseTest;
import org.mexicop2p.testsupport.TestDatabase;

import java.math.BigInteger;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal and the dispute view's chain evidence: the position key (V22) keeps an emission from being recorded
 * twice; an order's events are found at the positions the core recorded for it (V51), retracted ones included, and
 * events journaled before that lookup existed are still found after migrating (V52).
 */
@DatabaseTest
class ChainEventJournalTest {

    private static final String BLOCK = "0xb10c";
    private static final String SELLER = "0x5e11e7";
    private static final String TOKEN = "0x70c3e4";
    private static final String ORDER = "0x1" + "0123456789abcdef";
    private static final String OTHER = "0x2" + "0123456789abcdef";

    private ChainHarness harness;
    private ChainEventJournal journal;
    private JournalChainEvidence evidence;
    private TransactionOperations<Connection> tx;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void start() {
        harness = new ChainHarness();
        ApplicationContext daemon = harness.start();
        journal = daemon.getBean(ChainEventJournal.class);
        evidence = daemon.getBean(JournalChainEvidence.class);
        tx = daemon.getBean(TransactionOperations.class);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static OrderCreated created(String orderId, long block, int transactionIndex, int eventIndex) {
        return new OrderCreated(orderId, SELLER, TOKEN, BigInteger.TEN,
                new ChainPosition(block, BLOCK + block, "0x7a" + transactionIndex, transactionIndex, eventIndex));
    }

    private void record(List<EscrowEvent> events) {
        tx.executeWrite(status -> {
            journal.apply(events);
            return null;
        });
    }

    @Test
    void anEmissionIsRecordedOnceEvenWhenDeliveredAgain() {
        record(List.of(created(ORDER, 7, 0, 0)));
        // the same emission again (same block, transaction index, event index and block hash) rolls back its batch
        assertThrows(ChainEventJournal.JournalException.class,
                () -> record(List.of(created(OTHER, 8, 0, 0), created(ORDER, 7, 0, 0))));
        assertEquals(1, harness.count("SELECT COUNT(*) FROM chain_event"));
        // the same position in a block with another hash (a reorg's replacement block) is another emission
        record(List.of(new OrderLocked(ORDER, "0xb0b", 1_800_000_000L,
                new ChainPosition(7, "0xfeed", "0x7a0", 0, 0))));
        assertEquals(2, harness.count("SELECT COUNT(*) FROM chain_event"));
    }

    /** What the core records for an event of one of its orders (LifecycleChainFacts; LifecycleOnChainTest). */
    private void recordPosition(EscrowEvent event) {
        harness.execute("INSERT INTO order_chain_event (order_id, block_number, transaction_index, event_index, "
                + "block_hash) VALUES ('" + event.orderId() + "', " + event.position().blockNumber() + ", "
                + event.position().transactionIndex() + ", " + event.position().eventIndex() + ", '"
                + event.position().blockHash() + "')");
    }

    @Test
    void anOrdersEventsAreFoundAtItsRecordedPositionsRetractedOnesIncluded() {
        List<EscrowEvent> first = List.of(created(ORDER, 7, 0, 0), created(OTHER, 7, 1, 0),
                new OrderLocked(ORDER, "0xb0b", 1_800_000_000L, new ChainPosition(9, BLOCK + 9, "0x7a", 2, 1)));
        List<EscrowEvent> second = List.of(new DisputeOpened(ORDER, "0xb0b",
                new ChainPosition(11, BLOCK + 11, "0x7b", 0, 0)));
        record(first);
        record(second);
        for (EscrowEvent event : List.of(first.get(0), first.get(1), first.get(2), second.get(0))) {
            recordPosition(event);
        }
        tx.executeWrite(status -> {
            journal.retract(new ChainReorg(new BlockRef(10, "0xf0"), List.of(new BlockRef(11, BLOCK + 11))));
            return null;
        });

        List<Map<String, Object>> events = evidence.eventsOf("0x000" + ORDER.substring(2));
        assertEquals(List.of("ORDER_CREATED", "ORDER_LOCKED", "DISPUTE_OPENED"),
                events.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(false, false, true), events.stream().map(e -> e.get("retracted")).toList());
        assertEquals(List.of("10"), events.stream().limit(1).map(e -> e.get("amount")).toList());
        assertEquals(List.of("ORDER_CREATED"), evidence.eventsOf(OTHER).stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(), evidence.eventsOf("0x" + "9".repeat(20)), "journaled only: no order of ours");
        assertEquals(List.of(), evidence.eventsOf("not a felt"));
    }

    @Test
    void eventsJournaledBeforeTheLookupMovedAreStillFound() {
        harness.close();
        harness = new ChainHarness();
        // a database as the daemon left it before V51/V52: one row as V20 wrote it (no transaction index), one as V22
        TestDatabase db = harness.database();
        Flyway.configure().dataSource(db.url(), db.username(), db.password()).locations("classpath:db/migration")
                .target("50").load().migrate();
        harness.execute("INSERT INTO chain_event (block_number, block_hash, transaction_hash, event_index, event_type, "
                + "order_id, party, recorded_at) VALUES (5, '0xold', '0x7a', 0, 'ORDER_CREATED', '" + ORDER + "', '"
                + SELLER + "', CURRENT_TIMESTAMP)");
        harness.execute("INSERT INTO chain_event (block_number, block_hash, transaction_hash, event_index, event_type, "
                + "order_id, party, recorded_at, transaction_index, order_key) VALUES (6, '0xb6', '0x7b', 0, "
                + "'ORDER_LOCKED', '" + ORDER + "', '0xb0b', CURRENT_TIMESTAMP, 3, 81985529216486895)");

        ApplicationContext daemon = harness.start();
        evidence = daemon.getBean(JournalChainEvidence.class);
        tx = daemon.getBean(TransactionOperations.class);
        journal = daemon.getBean(ChainEventJournal.class);
        record(List.of(created(ORDER, 7, 0, 0)));
        List<Map<String, Object>> events = evidence.eventsOf(ORDER);
        assertEquals(List.of(5L, 6L), events.stream().map(e -> e.get("blockNumber")).toList(),
                "the two journaled before the move; block 7's position was not recorded by the core");
        assertEquals(List.of(), evidence.eventsOf(OTHER));
    }
}

package org.mexicop2p.chain.journal;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
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

import java.math.BigInteger;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal's keys (migration V22): the position key keeps an emission from being recorded twice, and the order
 * lookup finds an order's events through the 64-bit order key, apart from other orders sharing that key, and finds
 * rows recorded before the key existed.
 */
@DatabaseTest
class ChainEventJournalTest {

    private static final String BLOCK = "0xb10c";
    private static final String SELLER = "0x5e11e7";
    private static final String TOKEN = "0x70c3e4";
    /** Two order ids whose low 64 bits are equal: the same order_key. */
    private static final String ORDER = "0x1" + "0123456789abcdef";
    private static final String SAME_KEY = "0x2" + "0123456789abcdef";

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
                () -> record(List.of(created(SAME_KEY, 8, 0, 0), created(ORDER, 7, 0, 0))));
        assertEquals(1, harness.count("SELECT COUNT(*) FROM chain_event"));
        // the same position in a block with another hash (a reorg's replacement block) is another emission
        record(List.of(new OrderLocked(ORDER, "0xb0b", 1_800_000_000L,
                new ChainPosition(7, "0xfeed", "0x7a0", 0, 0))));
        assertEquals(2, harness.count("SELECT COUNT(*) FROM chain_event"));
    }

    @Test
    void anOrdersEventsAreFoundByItsKeyAndNotConfusedWithAnotherOrderSharingTheKey() {
        assertEquals(ChainEventJournal.orderKey(ORDER), ChainEventJournal.orderKey(SAME_KEY));
        assertEquals(0x0123456789abcdefL, ChainEventJournal.orderKey(ORDER));
        assertEquals(0xabcL, ChainEventJournal.orderKey("0xabc"));
        assertEquals(-1L, ChainEventJournal.orderKey("0x" + "f".repeat(16)));
        record(List.of(created(ORDER, 7, 0, 0), created(SAME_KEY, 7, 1, 0),
                new OrderLocked(ORDER, "0xb0b", 1_800_000_000L, new ChainPosition(9, BLOCK + 9, "0x7a", 2, 1))));
        record(List.of(new DisputeOpened(ORDER, "0xb0b", new ChainPosition(11, BLOCK + 11, "0x7b", 0, 0))));
        tx.executeWrite(status -> {
            journal.retract(new ChainReorg(new BlockRef(10, "0xf0"), List.of(new BlockRef(11, BLOCK + 11))));
            return null;
        });

        List<Map<String, Object>> events = evidence.eventsOf("0x000" + ORDER.substring(2));
        assertEquals(List.of("ORDER_CREATED", "ORDER_LOCKED", "DISPUTE_OPENED"),
                events.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(false, false, true), events.stream().map(e -> e.get("retracted")).toList());
        assertEquals(List.of("ORDER_CREATED"), evidence.eventsOf(SAME_KEY).stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(), evidence.eventsOf("not a felt"));
    }

    @Test
    void rowsRecordedBeforeTheOrderKeyExistedAreStillFound() {
        record(List.of(created(ORDER, 7, 0, 0)));
        // a row as V20 wrote it: no transaction index, no order key
        tx.executeWrite(status -> {
            try (var s = status.getConnection().prepareStatement("INSERT INTO chain_event (block_number, "
                    + "block_hash, transaction_hash, event_index, event_type, order_id, party, recorded_at) "
                    + "VALUES (5, '0xold', '0x7a', 0, 'ORDER_CREATED', ?, ?, CURRENT_TIMESTAMP)")) {
                s.setString(1, ORDER);
                s.setString(2, SELLER);
                s.executeUpdate();
            }
            return null;
        });
        List<Map<String, Object>> events = evidence.eventsOf(ORDER);
        assertEquals(List.of(5L, 7L), events.stream().map(e -> e.get("blockNumber")).toList());
        assertEquals(List.of(), evidence.eventsOf(SAME_KEY));
    }
}

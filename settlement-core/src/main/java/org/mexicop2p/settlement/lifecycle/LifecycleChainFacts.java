package org.mexicop2p.settlement.lifecycle;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.chain.BlockRef;
import org.mexicop2p.settlement.chain.ChainFactHandler;
import org.mexicop2p.settlement.chain.ChainReorg;
import org.mexicop2p.settlement.chain.DisputeOpened;
import org.mexicop2p.settlement.chain.DisputeResolved;
import org.mexicop2p.settlement.chain.EscrowEvent;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.chain.OrderCreated;
import org.mexicop2p.settlement.chain.OrderLocked;
import org.mexicop2p.settlement.chain.OrderRefunded;
import org.mexicop2p.settlement.chain.OrderReleased;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.order.SettlementOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The core's {@link ChainFactHandler}: records every event in the chain watcher's journal (it delegates to the bean
 * named {@code chainEventJournal}, so the journal stays complete), then records where each event about one of our
 * orders was emitted ({@code order_chain_event}: the dispute view's chain evidence) and turns it into its lifecycle
 * input through {@link OrderFacts}, inside the watcher's transaction. Events for order ids the engine
 * does not know stay in the journal only. A reorg retracts the deposits and locks it removed where the lifecycle
 * allows; where it does not (the order has moved on), the refusal is recorded and the order flagged for an operator.
 * A reorg that removes a payout or a dispute flags the order too.
 */
@Singleton
public class LifecycleChainFacts implements ChainFactHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleChainFacts.class);
    /** Block hashes per retraction query; a deep reorg is read in chunks of this size. */
    private static final int HASHES_PER_QUERY = 100;
    /** Order ids per lookup query. */
    private static final int IDS_PER_QUERY = 500;
    /** Hex digits of a UUID's 128 bits. */
    private static final int UUID_HEX_DIGITS = 32;

    private final ChainFactHandler journal;
    private final OrderFacts facts;
    private final OrderRepository orders;
    private final OrderEscrows escrows;
    private final JdbcOperations jdbc;
    private final Clock clock;

    public LifecycleChainFacts(@Named("chainEventJournal") ChainFactHandler journal, OrderFacts facts,
                               OrderRepository orders, OrderEscrows escrows, JdbcOperations jdbc, Clock clock) {
        this.journal = journal;
        this.facts = facts;
        this.orders = orders;
        this.escrows = escrows;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void apply(List<EscrowEvent> events) {
        journal.apply(events);
        Map<String, SettlementOrder> ours = ordersOf(events);
        if (ours.isEmpty()) {
            return; // the chain is public: other order ids stay in the journal only
        }
        List<EscrowEvent> owned = events.stream().filter(e -> ours.containsKey(e.orderId())).toList();
        recordPositions(owned);
        for (EscrowEvent event : owned) {
            toFact(ours.get(event.orderId()), event).ifPresent(facts::apply);
        }
    }

    @Override
    public void retract(ChainReorg reorg) {
        journal.retract(reorg);
        Set<String> orphaned = reorg.orphanedBlocks().stream().map(BlockRef::blockHash).collect(Collectors.toSet());
        List<String> hashes = new ArrayList<>(orphaned);
        // Locks before deposits: a lock sits on top of its deposit, so it is undone first.
        for (int from = 0; from < hashes.size(); from += HASHES_PER_QUERY) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + HASHES_PER_QUERY));
            for (UUID orderId : ordersWhere("lock_block_hash", chunk)) {
                retractOne(orderId, OrderInput.LOCK_RETRACTED, reorg);
            }
        }
        for (int from = 0; from < hashes.size(); from += HASHES_PER_QUERY) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + HASHES_PER_QUERY));
            for (UUID orderId : ordersWhere("deposit_block_hash", chunk)) {
                retractOne(orderId, OrderInput.DEPOSIT_RETRACTED, reorg);
            }
        }
        // A payout or a dispute has no inverse in the lifecycle (the partner was told, revenue was booked), and the
        // escrow on-chain is back to where the orphaned block found it: an operator must look at it.
        for (int from = 0; from < hashes.size(); from += HASHES_PER_QUERY) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + HASHES_PER_QUERY));
            for (UUID orderId : ordersWhere("outcome_block_hash", chunk)) {
                flagOrphaned(orderId, "payout", reorg);
            }
            for (UUID orderId : ordersWhere("dispute_block_hash", chunk)) {
                flagOrphaned(orderId, "dispute", reorg);
            }
        }
    }

    private void flagOrphaned(UUID orderId, String what, ChainReorg reorg) {
        String status = orders.findById(orderId).map(o -> o.status().name()).orElse("unknown");
        LOG.warn("order {}: reorg removed the block of its {} while it is {}; flagged", orderId, what, status);
        escrows.flag(orderId, "reorg: the block of its " + what + " was orphaned (fork at "
                + reorg.forkPoint().blockNumber() + ") while " + status + "; check the escrow on-chain",
                clock.instant());
    }

    private void retractOne(UUID orderId, OrderInput input, ChainReorg reorg) {
        FactResult result = facts.apply(new OrderFact(orderId, input,
                "chain:reorg@" + reorg.forkPoint().blockNumber() + "/" + reorg.forkPoint().blockHash(), Map.of()));
        if (result.code() == FactResult.Code.FORBIDDEN_IN_STATUS) {
            LOG.warn("order {}: reorg removed its {} but it is {}; flagged", orderId, input, result.before());
            escrows.flag(orderId, "reorg: " + input + " in " + result.before(), clock.instant());
        }
    }

    private List<UUID> ordersWhere(String column, List<String> blockHashes) {
        String marks = blockHashes.stream().map(h -> "?").collect(Collectors.joining(", "));
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement s = jdbc.getConnection().prepareStatement(
                "SELECT order_id FROM order_escrow WHERE " + column + " IN (" + marks + ") ORDER BY order_id")) {
            for (int i = 0; i < blockHashes.size(); i++) {
                s.setString(i + 1, blockHashes.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find orders of orphaned blocks: " + e.getMessage(), e);
        }
        return ids;
    }

    /**
     * Our orders behind the events' on-chain ids, keyed by the canonical id: ids are 0x + the 128 bits of the order's
     * UUID. One query per {@link #IDS_PER_QUERY} ids, not one per event: a watcher catching up commits thousands of
     * events at once, most of them, on a public contract, about orders that are not ours.
     */
    private Map<String, SettlementOrder> ordersOf(List<EscrowEvent> events) {
        Map<UUID, String> candidates = new HashMap<>();
        for (EscrowEvent event : events) {
            uuidOf(event.orderId()).ifPresent(id -> candidates.putIfAbsent(id, event.orderId()));
        }
        List<UUID> ids = new ArrayList<>(candidates.keySet());
        Map<String, SettlementOrder> ours = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            for (SettlementOrder order : orders.findByIdIn(chunk)) {
                String onChain = candidates.get(order.id());
                if (FeltHex.parse(order.escrowOrderId()).map(onChain::equals).orElse(false)) {
                    ours.put(onChain, order);
                }
            }
        }
        return ours;
    }

    /** The order UUID an on-chain id names, if it can name one (at most 128 bits). */
    static Optional<UUID> uuidOf(String canonicalOrderId) {
        if (canonicalOrderId.length() > 2 + UUID_HEX_DIGITS) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(canonicalOrderId.substring(2), 16);
        return Optional.of(new UUID(value.shiftRight(64).longValue(), value.longValue()));
    }

    /** Remembers where each event of our orders was emitted: the dispute view finds an order's chain events by it. */
    private void recordPositions(List<EscrowEvent> owned) {
        try (PreparedStatement insert = jdbc.getConnection().prepareStatement("INSERT INTO order_chain_event "
                + "(order_id, block_number, transaction_index, event_index, block_hash) VALUES (?, ?, ?, ?, ?)")) {
            for (EscrowEvent event : owned) {
                insert.setString(1, event.orderId());
                insert.setLong(2, event.position().blockNumber());
                insert.setInt(3, event.position().transactionIndex());
                insert.setInt(4, event.position().eventIndex());
                insert.setString(5, event.position().blockHash());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            // rolls back the whole batch together with the watcher's cursor move
            throw new IllegalStateException("cannot record chain positions of orders: " + e.getMessage(), e);
        }
    }

    private Optional<OrderFact> toFact(SettlementOrder order, EscrowEvent event) {
        Map<String, String> details = new HashMap<>();
        details.put(FactDetails.BLOCK_HASH, event.position().blockHash());
        details.put("transactionHash", event.position().transactionHash());
        OrderInput input;
        if (event instanceof OrderCreated e) {
            details.put(FactDetails.SELLER, e.seller());
            details.put(FactDetails.TOKEN, e.token());
            details.put(FactDetails.AMOUNT, e.amountBaseUnits().toString());
            boolean matches = FeltHex.parse(order.tokenAddress()).map(e.token()::equals).orElse(false)
                    && e.amountBaseUnits().equals(order.tokenBaseUnits());
            input = matches ? OrderInput.DEPOSIT_SEEN : OrderInput.MISMATCHED_DEPOSIT_SEEN;
        } else if (event instanceof OrderLocked e) {
            details.put(FactDetails.BUYER, e.buyer());
            details.put(FactDetails.LOCK_EXPIRY_EPOCH_SECONDS, Long.toString(e.lockExpiryEpochSeconds()));
            input = OrderInput.LOCK_SEEN;
        } else if (event instanceof OrderReleased e) {
            details.put(FactDetails.BUYER, e.buyer());
            input = OrderInput.RELEASE_SEEN;
        } else if (event instanceof OrderRefunded e) {
            details.put(FactDetails.SELLER, e.seller());
            input = OrderInput.REFUND_SEEN;
        } else if (event instanceof DisputeOpened e) {
            details.put("openedBy", e.openedBy());
            input = OrderInput.DISPUTE_OPENED_SEEN;
        } else if (event instanceof DisputeResolved e) {
            details.put("arbiter", e.arbiter());
            details.put("winner", e.winner());
            Optional<OrderEscrow> escrow = escrows.find(order.id());
            if (escrow.map(OrderEscrow::buyer).map(e.winner()::equals).orElse(false)) {
                input = OrderInput.DISPUTE_RESOLVED_FOR_BUYER_SEEN;
            } else if (escrow.map(OrderEscrow::seller).map(e.winner()::equals).orElse(false)) {
                input = OrderInput.DISPUTE_RESOLVED_FOR_SELLER_SEEN;
            } else {
                // The contract only pays its buyer or seller; a winner we cannot place means our view is wrong.
                LOG.warn("order {}: dispute resolved to {}, neither party we saw; flagged", order.id(), e.winner());
                escrows.flag(order.id(), "dispute resolved to an unknown party " + e.winner(), clock.instant());
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        String source = "chain:" + event.position().blockHash() + "/" + event.position().transactionHash() + "/"
                + event.position().eventIndex();
        return Optional.of(new OrderFact(order.id(), input, source, details));
    }
}

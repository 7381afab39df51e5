package org.mexicop2p.api.marketplace;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.lifecycle.FactResult;
import org.mexicop2p.settlement.lifecycle.OrderFact;
import org.mexicop2p.settlement.lifecycle.OrderFacts;
import org.mexicop2p.settlement.lifecycle.OrderInput;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.payment.LockWindow;
import org.mexicop2p.settlement.payment.LockWindows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test stand-in for the lifecycle engine (branch issue-6-lifecycle, not merged yet): it moves an order's status with
 * the same compare-and-set the real one uses, inside the caller's transaction, takes only PAYMENT_VERIFIED from
 * LOCKED, and records every fact so tests can check what payment proof handed over. Tests put orders into ACTIVE or
 * LOCKED through {@link #activate} and {@link #lock}, where the real system would see chain events.
 */
@Singleton
class LifecycleStandIn implements OrderFacts, LockWindows {

    private final OrderStatusMoves moves;
    private final Map<UUID, LockWindow> windows = new ConcurrentHashMap<>();
    private final List<OrderFact> applied = new CopyOnWriteArrayList<>();

    LifecycleStandIn(OrderStatusMoves moves) {
        this.moves = moves;
    }

    @Override
    public FactResult apply(OrderFact fact) {
        if (fact.input() != OrderInput.PAYMENT_VERIFIED) {
            return new FactResult(FactResult.Code.FORBIDDEN_IN_STATUS, null, null);
        }
        if (moves.move(fact.orderId(), OrderStatus.LOCKED.name(), OrderStatus.PENDING_RELEASE.name(),
                Instant.now()) != 1) {
            return new FactResult(FactResult.Code.FORBIDDEN_IN_STATUS, null, null);
        }
        windows.remove(fact.orderId());
        applied.add(fact);
        return new FactResult(FactResult.Code.APPLIED, OrderStatus.LOCKED, OrderStatus.PENDING_RELEASE);
    }

    @Override
    public Optional<LockWindow> current(UUID orderId) {
        return Optional.ofNullable(windows.get(orderId));
    }

    void activate(UUID orderId) {
        if (moves.move(orderId, OrderStatus.PENDING_DEPOSIT.name(), OrderStatus.ACTIVE.name(), Instant.now()) != 1) {
            throw new IllegalStateException("order " + orderId + " is not PENDING_DEPOSIT");
        }
    }

    void lock(UUID orderId, Instant lockedAt, Instant lockExpiry) {
        activate(orderId);
        windows.put(orderId, new LockWindow(orderId, lockedAt, lockExpiry));
        if (moves.move(orderId, OrderStatus.ACTIVE.name(), OrderStatus.LOCKED.name(), Instant.now()) != 1) {
            throw new IllegalStateException("order " + orderId + " is not ACTIVE");
        }
    }

    List<OrderFact> applied() {
        return applied;
    }
}

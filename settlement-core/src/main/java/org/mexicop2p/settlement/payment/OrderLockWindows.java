package org.mexicop2p.settlement.payment;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.lifecycle.LifecycleSettings;
import org.mexicop2p.settlement.lifecycle.OrderEscrow;
import org.mexicop2p.settlement.lifecycle.OrderEscrows;
import org.mexicop2p.settlement.lifecycle.OrderInput;
import org.mexicop2p.settlement.order.OrderStatus;
import org.mexicop2p.settlement.order.OrderTimelineEntry;
import org.mexicop2p.settlement.order.OrderTimelineRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The lock window from what the lifecycle recorded. After {@code LOCK_SEEN} it ends at the on-chain
 * {@code lock_expiry}; it starts at the lock's block time, which the event does not carry, so we take the moment the
 * engine saw the lock minus {@code mp2p.payment.lock-seen-slack-ms} (polling and finality delay, default 10 min), but
 * never earlier than the longest lock the contract allows before the expiry (24 h). After a no-fault dispute retry the
 * window is the fresh one the lifecycle granted: from the retry for {@link LifecycleSettings#FRESH_LOCK_WINDOW}.
 */
@Singleton
public class OrderLockWindows implements LockWindows {

    /** The escrow contract's longest lock ({@code lockOrder} duration is 300 … 86,400 s). */
    static final Duration LONGEST_LOCK = Duration.ofSeconds(86_400);

    private final OrderEscrows escrows;
    private final OrderTimelineRepository timeline;
    private final Duration lockSeenSlack;

    public OrderLockWindows(OrderEscrows escrows, OrderTimelineRepository timeline,
                            @Value("${mp2p.payment.lock-seen-slack-ms:600000}") long lockSeenSlackMs) {
        if (lockSeenSlackMs < 0 || lockSeenSlackMs > LONGEST_LOCK.toMillis()) {
            throw new IllegalArgumentException("mp2p.payment.lock-seen-slack-ms must be 0 .. 86400000");
        }
        this.escrows = escrows;
        this.timeline = timeline;
        this.lockSeenSlack = Duration.ofMillis(lockSeenSlackMs);
    }

    @Override
    public Optional<LockWindow> current(UUID orderId) {
        List<OrderTimelineEntry> entries = timeline.findByOrderIdOrderBySeqNo(orderId);
        if (entries.isEmpty() || entries.get(entries.size() - 1).status() != OrderStatus.LOCKED) {
            return Optional.empty();
        }
        OrderTimelineEntry entered = null;
        for (OrderTimelineEntry entry : entries) {
            if (entry.event().equals(OrderInput.LOCK_SEEN.name())
                    || entry.event().equals(OrderInput.ADMIN_NO_FAULT_RETRY.name())) {
                entered = entry;
            }
        }
        if (entered == null) {
            return Optional.empty();
        }
        if (entered.event().equals(OrderInput.ADMIN_NO_FAULT_RETRY.name())) {
            return Optional.of(new LockWindow(orderId, entered.occurredAt(),
                    entered.occurredAt().plus(LifecycleSettings.FRESH_LOCK_WINDOW)));
        }
        Optional<Instant> expiry = escrows.find(orderId).map(OrderEscrow::lockExpiryAt);
        if (expiry.isEmpty()) {
            return Optional.empty();
        }
        Instant lockExpiry = expiry.get();
        Instant earliest = lockExpiry.minus(LONGEST_LOCK);
        Instant seen = entered.occurredAt().minus(lockSeenSlack);
        Instant lockedAt = seen.isAfter(earliest) ? seen : earliest;
        return Optional.of(new LockWindow(orderId, lockedAt.isAfter(lockExpiry) ? lockExpiry : lockedAt,
                lockExpiry));
    }
}

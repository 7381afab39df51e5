package org.mexicop2p.settlement.lifecycle;

import org.mexicop2p.settlement.order.OrderStatus;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mexicop2p.settlement.lifecycle.Effect.BOOK_REVENUE;
import static org.mexicop2p.settlement.lifecycle.Effect.CANCEL_DEPOSIT_TIMEOUT;
import static org.mexicop2p.settlement.lifecycle.Effect.CANCEL_LISTING_TIMEOUT;
import static org.mexicop2p.settlement.lifecycle.Effect.CANCEL_LOCK_EXPIRY;
import static org.mexicop2p.settlement.lifecycle.Effect.FLAG_FOR_REVIEW;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_COMPLETED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_DEPOSIT_CONFIRMED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_DISPUTED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_DISPUTE_RESOLVED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_EXPIRED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_LOCKED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_LOCK_EXPIRED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_PAYMENT_VERIFIED;
import static org.mexicop2p.settlement.lifecycle.Effect.NOTIFY_REFUNDED;
import static org.mexicop2p.settlement.lifecycle.Effect.PENALIZE_BUYER;
import static org.mexicop2p.settlement.lifecycle.Effect.PENALIZE_SELLER;
import static org.mexicop2p.settlement.lifecycle.Effect.RETURN_CRYPTO_TO_SELLER;
import static org.mexicop2p.settlement.lifecycle.Effect.SCHEDULE_DEPOSIT_TIMEOUT;
import static org.mexicop2p.settlement.lifecycle.Effect.SCHEDULE_FRESH_LOCK_WINDOW;
import static org.mexicop2p.settlement.lifecycle.Effect.SCHEDULE_LISTING_TIMEOUT;
import static org.mexicop2p.settlement.lifecycle.Effect.SCHEDULE_LOCK_EXPIRY;
import static org.mexicop2p.settlement.lifecycle.Effect.SEND_CRYPTO_TO_BUYER;
import static org.mexicop2p.settlement.lifecycle.OrderInput.ADMIN_NO_FAULT_REFUND;
import static org.mexicop2p.settlement.lifecycle.OrderInput.ADMIN_NO_FAULT_RELEASE;
import static org.mexicop2p.settlement.lifecycle.OrderInput.ADMIN_NO_FAULT_RETRY;
import static org.mexicop2p.settlement.lifecycle.OrderInput.ADMIN_RESOLVED_FOR_BUYER;
import static org.mexicop2p.settlement.lifecycle.OrderInput.ADMIN_RESOLVED_FOR_SELLER;
import static org.mexicop2p.settlement.lifecycle.OrderInput.DEPOSIT_RETRACTED;
import static org.mexicop2p.settlement.lifecycle.OrderInput.DEPOSIT_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.DEPOSIT_TIMER_FIRED;
import static org.mexicop2p.settlement.lifecycle.OrderInput.DISPUTE_OPENED_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.DISPUTE_RESOLVED_FOR_BUYER_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.DISPUTE_RESOLVED_FOR_SELLER_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.LISTING_TIMER_FIRED;
import static org.mexicop2p.settlement.lifecycle.OrderInput.LOCK_RETRACTED;
import static org.mexicop2p.settlement.lifecycle.OrderInput.LOCK_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.LOCK_TIMER_FIRED;
import static org.mexicop2p.settlement.lifecycle.OrderInput.MISMATCHED_DEPOSIT_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.PAYMENT_VERIFIED;
import static org.mexicop2p.settlement.lifecycle.OrderInput.REFUND_SEEN;
import static org.mexicop2p.settlement.lifecycle.OrderInput.RELEASE_SEEN;
import static org.mexicop2p.settlement.order.OrderStatus.ACTIVE;
import static org.mexicop2p.settlement.order.OrderStatus.COMPLETED;
import static org.mexicop2p.settlement.order.OrderStatus.DISPUTED;
import static org.mexicop2p.settlement.order.OrderStatus.EXPIRED;
import static org.mexicop2p.settlement.order.OrderStatus.LOCKED;
import static org.mexicop2p.settlement.order.OrderStatus.PENDING_DEPOSIT;
import static org.mexicop2p.settlement.order.OrderStatus.PENDING_RELEASE;
import static org.mexicop2p.settlement.order.OrderStatus.REFUNDED;

/**
 * The order lifecycle as one table: every (status, input) pair that may happen, where it leads, and what it asks
 * for. A pair that is not in the table is refused and recorded, never applied.
 *
 * <p>Read a row as a sentence: "from LOCKED, on PAYMENT_VERIFIED, go to PENDING_RELEASE, notify payment_verified,
 * cancel the lock expiry and send the crypto to the buyer".
 *
 * <p>Some rows keep the status: the fact matters but the partner-visible status only changes when the chain confirms
 * the outcome (e.g. a refund is requested on a timer, and the order becomes EXPIRED or REFUNDED when
 * {@code OrderRefunded} is seen). Terminal statuses still accept the chain facts that can arrive late (a deposit after
 * expiry is sent back), so the crypto is never stranded.
 */
public final class OrderLifecycle {

    private static final Map<OrderStatus, Map<OrderInput, Transition>> TABLE = new Table()
            // Waiting for the seller's deposit.
            .from(PENDING_DEPOSIT).on(DEPOSIT_SEEN).to(ACTIVE)
                .doing(NOTIFY_DEPOSIT_CONFIRMED, CANCEL_DEPOSIT_TIMEOUT, SCHEDULE_LISTING_TIMEOUT)
            .from(PENDING_DEPOSIT).on(MISMATCHED_DEPOSIT_SEEN).to(PENDING_DEPOSIT)
                .doing(FLAG_FOR_REVIEW, CANCEL_DEPOSIT_TIMEOUT, RETURN_CRYPTO_TO_SELLER)
            .from(PENDING_DEPOSIT).on(REFUND_SEEN).to(REFUNDED).doing(NOTIFY_REFUNDED)
            .from(PENDING_DEPOSIT).on(DEPOSIT_TIMER_FIRED).to(EXPIRED).doing(NOTIFY_EXPIRED)
            // Listed: crypto in escrow, waiting for a buyer.
            .from(ACTIVE).on(LOCK_SEEN).to(LOCKED).doing(NOTIFY_LOCKED, CANCEL_LISTING_TIMEOUT, SCHEDULE_LOCK_EXPIRY)
            .from(ACTIVE).on(LISTING_TIMER_FIRED).to(ACTIVE).doing(RETURN_CRYPTO_TO_SELLER)
            .from(ACTIVE).on(REFUND_SEEN).to(EXPIRED).doing(NOTIFY_EXPIRED, CANCEL_LISTING_TIMEOUT)
            .from(ACTIVE).on(DEPOSIT_RETRACTED).to(PENDING_DEPOSIT)
                .doing(CANCEL_LISTING_TIMEOUT, SCHEDULE_DEPOSIT_TIMEOUT)
            // Locked: the buyer has until the lock expiry (plus grace) to prove the SPEI payment.
            .from(LOCKED).on(PAYMENT_VERIFIED).to(PENDING_RELEASE)
                .doing(NOTIFY_PAYMENT_VERIFIED, CANCEL_LOCK_EXPIRY, SEND_CRYPTO_TO_BUYER)
            .from(LOCKED).on(LOCK_TIMER_FIRED).to(LOCKED).doing(NOTIFY_LOCK_EXPIRED, RETURN_CRYPTO_TO_SELLER)
            .from(LOCKED).on(REFUND_SEEN).to(REFUNDED).doing(NOTIFY_REFUNDED, CANCEL_LOCK_EXPIRY)
            // Only our signed proof can release, so a release seen here means our own view lagged: accept the chain.
            .from(LOCKED).on(RELEASE_SEEN).to(COMPLETED).doing(NOTIFY_COMPLETED, CANCEL_LOCK_EXPIRY, BOOK_REVENUE)
            .from(LOCKED).on(DISPUTE_OPENED_SEEN).to(DISPUTED).doing(NOTIFY_DISPUTED, CANCEL_LOCK_EXPIRY)
            .from(LOCKED).on(LOCK_RETRACTED).to(ACTIVE).doing(CANCEL_LOCK_EXPIRY, SCHEDULE_LISTING_TIMEOUT)
            // After a no-fault retry the escrow stays disputed on-chain; an arbiter's payout settles it.
            .from(LOCKED).on(DISPUTE_RESOLVED_FOR_SELLER_SEEN).to(REFUNDED)
                .doing(NOTIFY_REFUNDED, CANCEL_LOCK_EXPIRY)
            .from(LOCKED).on(DISPUTE_RESOLVED_FOR_BUYER_SEEN).to(COMPLETED)
                .doing(NOTIFY_COMPLETED, CANCEL_LOCK_EXPIRY, BOOK_REVENUE)
            // Payment proven, the release transaction is on its way.
            .from(PENDING_RELEASE).on(RELEASE_SEEN).to(COMPLETED).doing(NOTIFY_COMPLETED, BOOK_REVENUE)
            .from(PENDING_RELEASE).on(DISPUTE_RESOLVED_FOR_BUYER_SEEN).to(COMPLETED)
                .doing(NOTIFY_COMPLETED, BOOK_REVENUE)
            // A refund that beat the release (the buyer paid late and the lock ran out): the money is back with the
            // seller, but the buyer paid, so an operator must look at it.
            .from(PENDING_RELEASE).on(REFUND_SEEN).to(REFUNDED).doing(NOTIFY_REFUNDED, FLAG_FOR_REVIEW)
            .from(PENDING_RELEASE).on(DISPUTE_RESOLVED_FOR_SELLER_SEEN).to(REFUNDED)
                .doing(NOTIFY_REFUNDED, FLAG_FOR_REVIEW)
            .from(PENDING_RELEASE).on(DISPUTE_OPENED_SEEN).to(DISPUTED).doing(NOTIFY_DISPUTED)
            // Disputed: the lock clock is stopped; only an admin decides, and the chain confirms the payout.
            .from(DISPUTED).on(ADMIN_RESOLVED_FOR_BUYER).to(DISPUTED).doing(PENALIZE_SELLER, SEND_CRYPTO_TO_BUYER)
            .from(DISPUTED).on(ADMIN_RESOLVED_FOR_SELLER).to(DISPUTED).doing(PENALIZE_BUYER, RETURN_CRYPTO_TO_SELLER)
            .from(DISPUTED).on(ADMIN_NO_FAULT_RELEASE).to(DISPUTED).doing(SEND_CRYPTO_TO_BUYER)
            .from(DISPUTED).on(ADMIN_NO_FAULT_REFUND).to(DISPUTED).doing(RETURN_CRYPTO_TO_SELLER)
            .from(DISPUTED).on(ADMIN_NO_FAULT_RETRY).to(LOCKED)
                .doing(NOTIFY_DISPUTE_RESOLVED, SCHEDULE_FRESH_LOCK_WINDOW)
            .from(DISPUTED).on(DISPUTE_RESOLVED_FOR_BUYER_SEEN).to(COMPLETED)
                .doing(NOTIFY_DISPUTE_RESOLVED, NOTIFY_COMPLETED, BOOK_REVENUE)
            .from(DISPUTED).on(DISPUTE_RESOLVED_FOR_SELLER_SEEN).to(REFUNDED)
                .doing(NOTIFY_DISPUTE_RESOLVED, NOTIFY_REFUNDED)
            // Expired: a deposit that arrives anyway goes straight back; its refund is recorded.
            .from(EXPIRED).on(DEPOSIT_SEEN).to(EXPIRED).doing(FLAG_FOR_REVIEW, RETURN_CRYPTO_TO_SELLER)
            .from(EXPIRED).on(MISMATCHED_DEPOSIT_SEEN).to(EXPIRED).doing(FLAG_FOR_REVIEW, RETURN_CRYPTO_TO_SELLER)
            .from(EXPIRED).on(REFUND_SEEN).to(EXPIRED).doing()
            .build();

    private OrderLifecycle() {
    }

    /** The row for this pair, or empty when the pair is forbidden. */
    public static Optional<Transition> find(OrderStatus from, OrderInput input) {
        return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(input));
    }

    /** Every row, for documentation and tests. */
    public static List<Transition> rows() {
        return TABLE.values().stream().map(Map::values).flatMap(Collection::stream).toList();
    }

    /** Builds the table; refuses a pair listed twice, so the table can never contradict itself. */
    private static final class Table {
        private final Map<OrderStatus, Map<OrderInput, Transition>> rows = new EnumMap<>(OrderStatus.class);
        private OrderStatus from;
        private OrderInput on;
        private OrderStatus to;

        Table from(OrderStatus status) {
            this.from = status;
            return this;
        }

        Table on(OrderInput input) {
            this.on = input;
            return this;
        }

        Table to(OrderStatus status) {
            this.to = status;
            return this;
        }

        Table doing(Effect... effects) {
            Transition row = new Transition(from, on, to, List.of(effects));
            Transition previous = rows.computeIfAbsent(from, s -> new EnumMap<>(OrderInput.class)).put(on, row);
            if (previous != null) {
                throw new IllegalStateException("the lifecycle lists " + from + " on " + on + " twice");
            }
            return this;
        }

        Map<OrderStatus, Map<OrderInput, Transition>> build() {
            Map<OrderStatus, Map<OrderInput, Transition>> copy = new EnumMap<>(OrderStatus.class);
            rows.forEach((status, byInput) -> copy.put(status, Collections.unmodifiableMap(new EnumMap<>(byInput))));
            return Collections.unmodifiableMap(copy);
        }
    }
}

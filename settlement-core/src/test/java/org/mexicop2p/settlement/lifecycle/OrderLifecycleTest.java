package org.mexicop2p.settlement.lifecycle;

import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.order.OrderStatus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Walks every (status, input) pair against an independent statement of the lifecycle, then checks its invariants. */
class OrderLifecycleTest {

    /** The lifecycle as the seed documents and DESIGN.md describe it, written out by hand: "from input -> to". */
    private static final String ALLOWED = """
            PENDING_DEPOSIT DEPOSIT_SEEN -> ACTIVE
            PENDING_DEPOSIT MISMATCHED_DEPOSIT_SEEN -> PENDING_DEPOSIT
            PENDING_DEPOSIT REFUND_SEEN -> REFUNDED
            PENDING_DEPOSIT DEPOSIT_TIMER_FIRED -> EXPIRED
            ACTIVE LOCK_SEEN -> LOCKED
            ACTIVE LISTING_TIMER_FIRED -> ACTIVE
            ACTIVE REFUND_SEEN -> EXPIRED
            ACTIVE DEPOSIT_RETRACTED -> PENDING_DEPOSIT
            LOCKED PAYMENT_VERIFIED -> PENDING_RELEASE
            LOCKED LOCK_TIMER_FIRED -> LOCKED
            LOCKED REFUND_SEEN -> REFUNDED
            LOCKED RELEASE_SEEN -> COMPLETED
            LOCKED DISPUTE_OPENED_SEEN -> DISPUTED
            LOCKED LOCK_RETRACTED -> ACTIVE
            LOCKED DISPUTE_RESOLVED_FOR_SELLER_SEEN -> REFUNDED
            LOCKED DISPUTE_RESOLVED_FOR_BUYER_SEEN -> COMPLETED
            PENDING_RELEASE RELEASE_SEEN -> COMPLETED
            PENDING_RELEASE DISPUTE_RESOLVED_FOR_BUYER_SEEN -> COMPLETED
            PENDING_RELEASE REFUND_SEEN -> REFUNDED
            PENDING_RELEASE DISPUTE_RESOLVED_FOR_SELLER_SEEN -> REFUNDED
            PENDING_RELEASE DISPUTE_OPENED_SEEN -> DISPUTED
            DISPUTED ADMIN_RESOLVED_FOR_BUYER -> DISPUTED
            DISPUTED ADMIN_RESOLVED_FOR_SELLER -> DISPUTED
            DISPUTED ADMIN_NO_FAULT_RELEASE -> DISPUTED
            DISPUTED ADMIN_NO_FAULT_REFUND -> DISPUTED
            DISPUTED ADMIN_NO_FAULT_RETRY -> LOCKED
            DISPUTED DISPUTE_RESOLVED_FOR_BUYER_SEEN -> COMPLETED
            DISPUTED DISPUTE_RESOLVED_FOR_SELLER_SEEN -> REFUNDED
            EXPIRED DEPOSIT_SEEN -> EXPIRED
            EXPIRED MISMATCHED_DEPOSIT_SEEN -> EXPIRED
            EXPIRED REFUND_SEEN -> EXPIRED
            """;

    private static Map<String, OrderStatus> expected() {
        Map<String, OrderStatus> m = new HashMap<>();
        ALLOWED.lines().filter(l -> !l.isBlank()).forEach(line -> {
            String[] p = line.trim().split("\\s+");
            m.put(p[0] + " " + p[1], OrderStatus.valueOf(p[3]));
        });
        return m;
    }

    @Test
    void everyPairIsEitherTheDocumentedTransitionOrForbidden() {
        Map<String, OrderStatus> expected = expected();
        int allowed = 0;
        int forbidden = 0;
        for (OrderStatus status : OrderStatus.values()) {
            for (OrderInput input : OrderInput.values()) {
                Optional<Transition> row = OrderLifecycle.find(status, input);
                OrderStatus want = expected.get(status + " " + input);
                if (want == null) {
                    assertTrue(row.isEmpty(), status + " on " + input + " must be refused");
                    forbidden++;
                } else {
                    assertEquals(want, row.orElseThrow(() -> new AssertionError(status + " on " + input
                            + " must be allowed")).to(), status + " on " + input);
                    assertEquals(status, row.get().from());
                    assertEquals(input, row.get().input());
                    allowed++;
                }
            }
        }
        assertEquals(expected.size(), allowed);
        assertEquals(OrderStatus.values().length * OrderInput.values().length - expected.size(), forbidden);
        assertEquals(expected.size(), OrderLifecycle.rows().size());
    }

    @Test
    void completedAndRefundedAreFinal() {
        for (OrderInput input : OrderInput.values()) {
            assertTrue(OrderLifecycle.find(OrderStatus.COMPLETED, input).isEmpty(), "COMPLETED on " + input);
            assertTrue(OrderLifecycle.find(OrderStatus.REFUNDED, input).isEmpty(), "REFUNDED on " + input);
            OrderLifecycle.find(OrderStatus.EXPIRED, input)
                    .ifPresent(t -> assertEquals(OrderStatus.EXPIRED, t.to(), "EXPIRED never reopens"));
        }
    }

    @Test
    void cryptoGoesToTheBuyerOnlyOnAVerifiedPaymentOrAnAdminDecisionForTheBuyer() {
        Set<OrderInput> reasons = OrderLifecycle.rows().stream()
                .filter(t -> t.effects().contains(Effect.SEND_CRYPTO_TO_BUYER))
                .map(Transition::input)
                .collect(Collectors.toSet());
        assertEquals(EnumSet.of(OrderInput.PAYMENT_VERIFIED, OrderInput.ADMIN_RESOLVED_FOR_BUYER,
                OrderInput.ADMIN_NO_FAULT_RELEASE), reasons);
    }

    @Test
    void noRowAsksToSendTheCryptoBothWays() {
        for (Transition t : OrderLifecycle.rows()) {
            assertFalse(t.effects().contains(Effect.SEND_CRYPTO_TO_BUYER)
                    && t.effects().contains(Effect.RETURN_CRYPTO_TO_SELLER), t.toString());
        }
    }

    @Test
    void aDisputeStopsTheLockClockAndAStaleTimerCannotRefundIt() {
        assertTrue(OrderLifecycle.find(OrderStatus.LOCKED, OrderInput.DISPUTE_OPENED_SEEN).orElseThrow()
                .effects().contains(Effect.CANCEL_LOCK_EXPIRY));
        assertTrue(OrderLifecycle.find(OrderStatus.DISPUTED, OrderInput.LOCK_TIMER_FIRED).isEmpty());
        assertTrue(OrderLifecycle.find(OrderStatus.PENDING_RELEASE, OrderInput.LOCK_TIMER_FIRED).isEmpty(),
                "a verified payment wins over the refund timer");
    }

    @Test
    void onlyTheAdminDecidesDisputesAndPenaltiesFollowFault() {
        assertEquals(Set.of(Effect.PENALIZE_SELLER, Effect.SEND_CRYPTO_TO_BUYER),
                Set.copyOf(OrderLifecycle.find(OrderStatus.DISPUTED, OrderInput.ADMIN_RESOLVED_FOR_BUYER)
                        .orElseThrow().effects()));
        assertEquals(Set.of(Effect.PENALIZE_BUYER, Effect.RETURN_CRYPTO_TO_SELLER),
                Set.copyOf(OrderLifecycle.find(OrderStatus.DISPUTED, OrderInput.ADMIN_RESOLVED_FOR_SELLER)
                        .orElseThrow().effects()));
        for (Transition t : OrderLifecycle.rows()) {
            boolean penalty = t.effects().contains(Effect.PENALIZE_BUYER) || t.effects().contains(Effect.PENALIZE_SELLER);
            boolean faultDecision = t.input() == OrderInput.ADMIN_RESOLVED_FOR_BUYER
                    || t.input() == OrderInput.ADMIN_RESOLVED_FOR_SELLER;
            assertEquals(faultDecision, penalty, "penalties only on a fault decision: " + t);
            if (t.input().name().startsWith("ADMIN_")) {
                assertEquals(OrderStatus.DISPUTED, t.from(), "admins decide disputed orders only: " + t);
            }
        }
    }

    @Test
    void revenueIsBookedExactlyWhenAnOrderCompletes() {
        for (Transition t : OrderLifecycle.rows()) {
            boolean completes = t.to() == OrderStatus.COMPLETED;
            assertEquals(completes, t.effects().contains(Effect.BOOK_REVENUE), t.toString());
            assertEquals(completes, t.effects().contains(Effect.NOTIFY_COMPLETED), t.toString());
        }
    }

    @Test
    void everyNotificationIsOneOfThePartnersOrderEvents() {
        Set<String> partnerEvents = Set.of("order.deposit_confirmed", "order.locked", "order.payment_verified",
                "order.lock_expired", "order.completed", "order.refunded", "order.expired", "order.disputed",
                "order.dispute_resolved");
        Set<String> used = OrderLifecycle.rows().stream()
                .flatMap(t -> t.effects().stream())
                .flatMap(e -> e.webhookEvent().stream())
                .collect(Collectors.toSet());
        assertEquals(partnerEvents, used, "every order event is sent by some transition, and no other");
    }

    @Test
    void everyStatusIsReachableFromANewOrder() {
        Set<OrderStatus> seen = EnumSet.of(OrderStatus.PENDING_DEPOSIT);
        Deque<OrderStatus> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            OrderStatus s = todo.pop();
            for (Transition t : OrderLifecycle.rows()) {
                if (t.from() == s && seen.add(t.to())) {
                    todo.push(t.to());
                }
            }
        }
        assertEquals(EnumSet.allOf(OrderStatus.class), seen);
    }
}

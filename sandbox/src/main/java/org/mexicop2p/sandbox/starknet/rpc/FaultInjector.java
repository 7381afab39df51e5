package org.mexicop2p.sandbox.starknet.rpc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Faults the node injects into its next answers ({@code sandbox_fault}). Each armed fault applies to the next
 * {@code count} JSON-RPC requests other than {@code sandbox_*} hooks ({@link Kind#DROP_TRANSACTION}: to the next
 * {@code count} accepted transactions), oldest armed first.
 */
public final class FaultInjector {

    /** Most faults armed at once; most requests one fault may cover; longest delay. */
    public static final int MAX_ARMED = 100;
    public static final int MAX_COUNT = 10_000;
    public static final long MAX_DELAY_MS = 30_000;

    /** What the node does instead of answering normally. */
    public enum Kind {
        /** HTTP 503 with an empty JSON-RPC envelope, like an overloaded gateway. */
        HTTP_503,
        /** HTTP 500, like a crashing node. */
        HTTP_500,
        /** Answers normally after {@code delay_ms}. */
        DELAY,
        /** HTTP 429 with JSON-RPC error -32005 "Limit exceeded", as hosted RPC providers answer. */
        RATE_LIMIT,
        /** The next submitted transaction gets its hash back but is never mined (see {@code Chain}). */
        DROP_TRANSACTION
    }

    /** One armed fault. */
    public record Fault(Kind kind, long delayMs) {
    }

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Deque<Armed> requestFaults = new ArrayDeque<>();
    private int transactionsToDrop;

    /** Arms a fault; returns false (nothing armed) when too many are armed already. */
    public synchronized boolean arm(Kind kind, int count, long delayMs) {
        if (count < 1 || count > MAX_COUNT || delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", delay_ms 0.." + MAX_DELAY_MS);
        }
        if (kind == Kind.DROP_TRANSACTION) {
            transactionsToDrop = Math.min(MAX_COUNT, transactionsToDrop + count);
            return true;
        }
        if (requestFaults.size() >= MAX_ARMED) {
            return false;
        }
        requestFaults.addLast(new Armed(new Fault(kind, delayMs), count));
        return true;
    }

    public synchronized void clear() {
        requestFaults.clear();
        transactionsToDrop = 0;
    }

    /** The fault the next ordinary request suffers, if any; consumes one use of it. */
    public synchronized Optional<Fault> nextRequestFault() {
        Armed armed = requestFaults.peekFirst();
        if (armed == null) {
            return Optional.empty();
        }
        if (--armed.remaining == 0) {
            requestFaults.pollFirst();
        }
        return Optional.of(armed.fault);
    }

    /** Whether the transaction being accepted now is to be dropped; consumes one use. */
    public synchronized boolean takeTransactionDrop() {
        if (transactionsToDrop == 0) {
            return false;
        }
        transactionsToDrop--;
        return true;
    }
}

package org.mexicop2p.settlement.chain;

/**
 * Lifecycle of one command, recorded before and after every external call:
 * {@code INITIATED} (row written, nothing sent yet) → {@code SUBMITTED} (the node accepted a transaction hash) →
 * {@code CONFIRMED} (succeeded in an accepted block) | {@code REVERTED} (included but failed on-chain);
 * {@code FAILED} when the node refused it before inclusion (fee estimation showed it would fail, validation);
 * {@code UNKNOWN} when the outcome could not be learnt (timeout, dropped transaction). Before anything is retried
 * from {@code REVERTED}, {@code FAILED} or {@code UNKNOWN}, the reconciler reads the contract's state.
 */
public enum CommandStatus {
    INITIATED, SUBMITTED, CONFIRMED, REVERTED, FAILED, UNKNOWN;

    /** Whether the last attempt ended (a new request may retry after reconciliation, except after CONFIRMED). */
    public boolean attemptEnded() {
        return this == CONFIRMED || this == REVERTED || this == FAILED;
    }
}

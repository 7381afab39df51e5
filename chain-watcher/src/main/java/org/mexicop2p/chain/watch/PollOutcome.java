package org.mexicop2p.chain.watch;

/** What one {@link ChainWatcher#pollOnce()} did; every poll that changed nothing says why. */
public enum PollOutcome {
    /** Events of a new block range were applied and the cursor moved forward. */
    ADVANCED,
    /** The cursor is at the head already (of the configured finality). */
    UP_TO_DATE,
    /** The cursor's block was reorged away; facts of orphaned blocks were retracted, the cursor moved back. */
    ROLLED_BACK,
    /** Blocks or events changed while they were being read (a reorg in flight); nothing committed, retry. */
    CHAIN_CHANGED_DURING_READ,
    /** Another watcher (or an earlier run of this one) moved the cursor first; nothing committed. */
    CURSOR_MOVED_CONCURRENTLY,
    /** This daemon does not hold the chain-leader lease with the token it read under; nothing committed. */
    FENCED_OUT
}

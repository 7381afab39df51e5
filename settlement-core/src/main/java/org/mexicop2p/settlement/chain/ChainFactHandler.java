package org.mexicop2p.settlement.chain;

import java.util.List;

/**
 * The core's side of the chain watcher: it applies the facts the watcher read and undoes the ones a reorg removed.
 *
 * <p>Both methods are called <em>inside</em> the watcher's database transaction (same DataSource), which also moves
 * the watcher's cursor. An implementation must therefore only write to the database (no HTTP, no chain calls: those
 * go to an outbox) and must throw to refuse a batch, which rolls back its effects and the cursor together, so a fact
 * is never half-applied, lost or applied twice.
 */
public interface ChainFactHandler {

    /**
     * Applies the events of one batch of canonical blocks, in chain order (block number, then event index). Events
     * for order ids the core does not know are recorded and ignored, never rejected: the chain is public.
     */
    void apply(List<EscrowEvent> events);

    /** Undoes every effect of facts from {@code reorg.orphanedBlocks()}; called before the new fork's facts. */
    void retract(ChainReorg reorg);
}

package org.mexicop2p.settlement.chain;

/**
 * The core's side of a command whose attempt ended {@code REVERTED} or {@code FAILED} while no request waited for the
 * answer: the reconciler found that a transaction the node had accepted reverted on-chain, or that the contract no
 * longer allows the command. The request that sent it was answered {@code ACCEPTED} long before, and nothing retries
 * an ended command by itself, so without this call the order would wait forever, unnoticed.
 *
 * <p>Called <em>inside</em> the transaction that records the ending, after the chain-leader fencing check and the
 * command's compare-and-set. It therefore commits with the ending or not at all: once per ended attempt, and never
 * from a daemon that lost the lease. An implementation must only write to the database; throwing rolls the ending
 * back too, and the reconciler meets the command again on its next pass.
 */
public interface EndedCommandHandler {

    /** {@code command} as it ended: status {@code REVERTED} or {@code FAILED}, the reason in its detail. */
    void ended(ChainCommand command);
}

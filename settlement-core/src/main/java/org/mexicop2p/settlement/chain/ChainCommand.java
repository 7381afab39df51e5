package org.mexicop2p.settlement.chain;

/**
 * The durable record of one command to the escrow contract.
 *
 * @param proofHash       for releases, the felt derived from the CEP replay key (unique in the database and, through
 *                        {@code used_proof}, on-chain); null otherwise
 * @param winner          for dispute resolutions, the party paid; null otherwise
 * @param transactionHash the last transaction sent for it, null before the first submission
 * @param attempts        how many transactions were sent (more than one only after a drop was proven)
 * @param detail          the last rejection, revert reason or RPC error, for operators; never a secret
 */
public record ChainCommand(long id, String orderId, CommandKind kind, CommandStatus status, String proofHash,
                           DisputeWinner winner, String transactionHash, int attempts, String detail) {
}

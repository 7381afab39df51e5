package org.mexicop2p.settlement.chain;

/**
 * Where an event sits on the chain: its block (number and hash), the transaction that emitted it (hash and index in
 * the block) and the event's index among that transaction's events. {@code (blockHash, transactionHash, eventIndex)}
 * and {@code (blockHash, transactionIndex, eventIndex)} each identify one emission (a block hash commits to its
 * transactions); the same event re-included after a reorg gets a new block hash and is a new fact.
 */
public record ChainPosition(long blockNumber, String blockHash, String transactionHash, int transactionIndex,
                            int eventIndex) {
}

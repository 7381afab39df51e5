package org.mexicop2p.settlement.chain;

/**
 * Where an event sits on the chain: its block (number and hash), the transaction that emitted it and its index among
 * the events of that block. {@code (blockHash, transactionHash, eventIndex)} identifies one emission; the same event
 * re-included after a reorg gets a new block hash and is a new fact.
 */
public record ChainPosition(long blockNumber, String blockHash, String transactionHash, int eventIndex) {
}

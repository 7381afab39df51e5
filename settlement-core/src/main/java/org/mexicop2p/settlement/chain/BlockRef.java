package org.mexicop2p.settlement.chain;

/** A block identified by number and hash; two refs with the same number and different hashes are rival forks. */
public record BlockRef(long blockNumber, String blockHash) {
}

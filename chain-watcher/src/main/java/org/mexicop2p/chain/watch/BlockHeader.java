package org.mexicop2p.chain.watch;

/** The part of a block header the watcher checks: number, hash and parent hash (canonical {@code 0x} hex). */
public record BlockHeader(long number, String hash, String parentHash) {
}

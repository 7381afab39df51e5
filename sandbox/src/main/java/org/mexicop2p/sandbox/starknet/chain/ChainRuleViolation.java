package org.mexicop2p.sandbox.starknet.chain;

/** A test hook asked for something the chain cannot do (e.g. reorg below an L1-accepted block); nothing changed. */
public final class ChainRuleViolation extends RuntimeException {
    public ChainRuleViolation(String message) {
        super(message, null, false, false);
    }
}

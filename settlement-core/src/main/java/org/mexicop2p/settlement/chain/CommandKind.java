package org.mexicop2p.settlement.chain;

/** The three transactions the engine sends to the escrow contract. At most one command of each kind per order. */
public enum CommandKind { RELEASE, REFUND, RESOLVE_DISPUTE }

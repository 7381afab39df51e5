package org.mexicop2p.sandbox.starknet.chain;

import java.math.BigInteger;

import org.mexicop2p.sandbox.starknet.contract.Event;

/** An event with where it was emitted: transaction, the transaction's index in its block, the event's index in it. */
public record EmittedEvent(Event event, BigInteger transactionHash, int transactionIndex, int eventIndex) {
}

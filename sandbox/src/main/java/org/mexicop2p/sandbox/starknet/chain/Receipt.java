package org.mexicop2p.sandbox.starknet.chain;

import java.math.BigInteger;
import java.util.List;

import org.mexicop2p.sandbox.starknet.contract.Event;

/** Outcome of executing one transaction: SUCCEEDED with its events, or REVERTED with a reason and no events. */
public record Receipt(BigInteger transactionHash, boolean succeeded, String revertReason, List<Event> events,
                      BigInteger actualFeeFri) {
    public Receipt {
        events = List.copyOf(events);
    }
}

package org.mexicop2p.sandbox.starknet.contract;

import java.math.BigInteger;
import java.util.List;

/** A Cairo event as it appears on chain: emitting contract, keys (selector first) and data felts. */
public record Event(BigInteger fromAddress, List<BigInteger> keys, List<BigInteger> data) {
    public Event {
        keys = List.copyOf(keys);
        data = List.copyOf(data);
    }
}

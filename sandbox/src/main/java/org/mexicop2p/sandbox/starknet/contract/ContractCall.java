package org.mexicop2p.sandbox.starknet.contract;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One call of an account's multicall: target contract, entry point selector, calldata. */
public record ContractCall(BigInteger to, BigInteger selector, List<BigInteger> calldata) {

    /** Most calls an account transaction may bundle; a bound like every other input. */
    public static final int MAX_CALLS_PER_TRANSACTION = 64;

    public ContractCall {
        calldata = List.copyOf(calldata);
    }

    /**
     * Decodes a Cairo 1 account's {@code __execute__} calldata {@code [n_calls, (to, selector, len, data...)*]}, as
     * starknet-jvm's {@code StandardAccount} encodes it; empty if it is malformed or has trailing words.
     */
    public static Optional<List<ContractCall>> decodeExecuteCalldata(List<BigInteger> calldata) {
        if (calldata.isEmpty()) {
            return Optional.empty();
        }
        BigInteger count = calldata.get(0);
        if (count.compareTo(BigInteger.valueOf(MAX_CALLS_PER_TRANSACTION)) > 0 || count.signum() == 0) {
            return Optional.empty();
        }
        List<ContractCall> calls = new ArrayList<>();
        int position = 1;
        for (int i = 0; i < count.intValue(); i++) {
            if (position + 3 > calldata.size()) {
                return Optional.empty();
            }
            BigInteger to = calldata.get(position);
            BigInteger selector = calldata.get(position + 1);
            BigInteger length = calldata.get(position + 2);
            position += 3;
            if (length.compareTo(BigInteger.valueOf(calldata.size() - position)) > 0) {
                return Optional.empty();
            }
            calls.add(new ContractCall(to, selector, calldata.subList(position, position + length.intValue())));
            position += length.intValue();
        }
        return position == calldata.size() ? Optional.of(calls) : Optional.empty();
    }

    /** The inverse of {@link #decodeExecuteCalldata}: how an account encodes a multicall. */
    public static List<BigInteger> encodeExecuteCalldata(List<ContractCall> calls) {
        List<BigInteger> words = new ArrayList<>();
        words.add(BigInteger.valueOf(calls.size()));
        for (ContractCall call : calls) {
            words.add(call.to());
            words.add(call.selector());
            words.add(BigInteger.valueOf(call.calldata().size()));
            words.addAll(call.calldata());
        }
        return words;
    }
}

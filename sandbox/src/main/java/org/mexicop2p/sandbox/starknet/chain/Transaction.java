package org.mexicop2p.sandbox.starknet.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * An INVOKE v3 transaction as the node keeps it: hash (computed with starknet-jvm's calculator), sender, the account's
 * {@code __execute__} calldata and nonce. {@code signed} is false for transactions the sandbox's test hooks send on an
 * account's behalf (impersonation, as devnet offers): those skip the signature and nonce-order checks.
 */
public record Transaction(BigInteger hash, BigInteger senderAddress, List<BigInteger> calldata, BigInteger nonce,
                          List<BigInteger> signature, boolean signed) {
    public Transaction {
        calldata = List.copyOf(calldata);
        signature = List.copyOf(signature);
    }
}

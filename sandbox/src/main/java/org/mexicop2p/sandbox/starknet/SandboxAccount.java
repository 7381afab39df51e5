package org.mexicop2p.sandbox.starknet;

import java.math.BigInteger;

/** An account deployed on the sandbox chain, with the key that signs its transactions. Sandbox keys only. */
public record SandboxAccount(BigInteger address, BigInteger privateKey, BigInteger publicKey) {

    /** Never prints the private key: records' default toString would. */
    @Override
    public String toString() {
        return "SandboxAccount[address=" + Felts.hex(address) + ", publicKey=" + Felts.hex(publicKey) + "]";
    }
}

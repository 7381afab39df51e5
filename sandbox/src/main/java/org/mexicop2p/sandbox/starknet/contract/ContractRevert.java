package org.mexicop2p.sandbox.starknet.contract;

import java.math.BigInteger;

import org.mexicop2p.sandbox.starknet.Felts;

/** A contract call panicked: the transaction reverts with this code; the state written by it is rolled back. */
public final class ContractRevert extends RuntimeException {

    private final RevertCode code;
    private final BigInteger contractAddress;
    private final BigInteger selector;

    public ContractRevert(RevertCode code, BigInteger contractAddress, BigInteger selector) {
        super(code.name(), null, false, false);
        this.code = code;
        this.contractAddress = contractAddress;
        this.selector = selector;
    }

    public RevertCode code() {
        return code;
    }

    /** The text a real node puts in {@code revert_reason}, with our short string in place of Cairo's. */
    public String revertReason() {
        return "Error in the called contract (contract address: " + Felts.hex(contractAddress) + ", selector: "
                + Felts.hex(selector) + "): Execution failed. Failure reason: '" + code.name() + "'.";
    }
}

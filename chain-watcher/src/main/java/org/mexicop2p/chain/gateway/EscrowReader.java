package org.mexicop2p.chain.gateway;

import com.swmansion.starknet.data.types.BlockTag;
import com.swmansion.starknet.data.types.Call;
import com.swmansion.starknet.data.types.Felt;
import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.ChainConfig;
import org.mexicop2p.chain.escrow.EscrowAbi;
import org.mexicop2p.chain.escrow.EscrowEventDecoder;

import java.math.BigInteger;
import java.util.List;

/**
 * Reads the escrow contract's views through {@code starknet_call} at {@code latest}: the state the reconciler checks
 * before any retry, and the gateway before any first send.
 */
@Singleton
public class EscrowReader {

    private final JsonRpcProvider rpc;
    private final Felt escrow;

    public EscrowReader(JsonRpcProvider rpc, ChainConfig config) {
        this.rpc = rpc;
        this.escrow = Felt.fromHex(config.getEscrowAddress());
    }

    /** {@code orders(order_id)}: seller, buyer, token, amount (u256 low, high), lock_expiry, status. */
    public OnChainOrder order(String orderId) {
        List<Felt> r = rpc.callContract(new Call(escrow, EscrowAbi.ORDERS, List.of(Felt.fromHex(orderId))),
                BlockTag.LATEST).send();
        if (r.size() != 7) {
            throw new IllegalStateException("orders(" + orderId + ") returned " + r.size() + " felts, expected 7");
        }
        BigInteger amount = r.get(4).getValue().shiftLeft(128).or(r.get(3).getValue());
        return new OnChainOrder(EscrowEventDecoder.hex(r.get(0)), EscrowEventDecoder.hex(r.get(1)),
                EscrowEventDecoder.hex(r.get(2)), amount, r.get(5).getValue().longValueExact(),
                OnChainOrder.Status.of(r.get(6).getValue().intValueExact()));
    }

    /** {@code is_proof_used(proof_hash)}. */
    public boolean isProofUsed(String proofHash) {
        List<Felt> r = rpc.callContract(new Call(escrow, EscrowAbi.IS_PROOF_USED, List.of(Felt.fromHex(proofHash))),
                BlockTag.LATEST).send();
        return !r.isEmpty() && r.get(0).getValue().signum() != 0;
    }
}

package org.mexicop2p.sandbox.starknet;

import com.swmansion.starknet.crypto.StarknetCurve;
import com.swmansion.starknet.crypto.StarknetCurveSignature;
import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.mexicop2p.sandbox.starknet.contract.EscrowOrder;

/**
 * Builds release proofs the way the engine's gateway must: the proof signer's Stark-ECDSA signature over
 * {@code pedersen_chain(0; contract, order_id, proof_hash, token, amount.low, amount.high, seller, buyer)},
 * computed here independently of the node's own code.
 */
final class EscrowProofs {

    private EscrowProofs() {
    }

    static StarknetCurveSignature sign(SandboxStarknetNode node, BigInteger signerKey, BigInteger orderId,
                                       BigInteger proofHash) {
        EscrowOrder order;
        synchronized (node.chain()) {
            order = node.chain().state().escrow().order(orderId);
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        List<Felt> message = new ArrayList<>();
        for (BigInteger word : List.of(node.escrowAddress(), orderId, proofHash, order.token(),
                order.amount().and(mask), order.amount().shiftRight(128), order.seller(), order.buyer())) {
            message.add(new Felt(word));
        }
        return StarknetCurve.sign(new Felt(signerKey), StarknetCurve.pedersen(message));
    }
}

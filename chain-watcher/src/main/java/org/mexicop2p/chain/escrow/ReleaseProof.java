package org.mexicop2p.chain.escrow;

import com.swmansion.starknet.crypto.StarknetCurve;
import com.swmansion.starknet.crypto.StarknetCurveSignature;
import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The release proof the escrow contract checks: {@code proof_hash} derived from the CEP replay key, and the proof
 * signer's Stark-ECDSA signature over
 * {@code pedersen_chain(0; contract, order_id, proof_hash, token, amount.low, amount.high, seller, buyer)}
 * ({@code escrow-contract.md}, "Release proof"). The signed message binds order, token, amount and both parties, so a
 * proof cannot be replayed on another order or after the lock changed hands.
 */
public record ReleaseProof(Felt proofHash, Felt messageHash, Felt sigR, Felt sigS) {

    private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-f]{64}$");
    private static final BigInteger U128_MASK = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** Whether {@code replayKey} is a lowercase SHA-256 hex digest, the form the CEP verifier produces. */
    public static boolean isReplayKey(String replayKey) {
        return replayKey != null && SHA256_HEX.matcher(replayKey).matches();
    }

    /**
     * The proof hash of a CEP: the top 250 bits of its replay key (SHA-256 of the signed cadena). 250 bits always fit
     * below the field prime, and the mapping is deterministic, so the same CEP always yields the same
     * {@code used_proof} slot on-chain.
     */
    public static Felt proofHash(String replayKey) {
        if (!isReplayKey(replayKey)) {
            throw new IllegalArgumentException("replay key must be 64 lowercase hex digits");
        }
        return new Felt(new BigInteger(1, HexFormat.of().parseHex(replayKey)).shiftRight(6));
    }

    /** The Pedersen message the contract recomputes. */
    public static Felt message(Felt contract, Felt orderId, Felt proofHash, Felt token, BigInteger amountBaseUnits,
                               Felt seller, Felt buyer) {
        Felt low = new Felt(amountBaseUnits.and(U128_MASK));
        Felt high = new Felt(amountBaseUnits.shiftRight(128));
        return StarknetCurve.pedersen(List.of(contract, orderId, proofHash, token, low, high, seller, buyer));
    }

    /** Builds and signs the proof with the proof-signer private key (which never leaves the process). */
    public static ReleaseProof sign(Felt proofSignerPrivateKey, Felt contract, Felt orderId, Felt proofHash,
                                    Felt token, BigInteger amountBaseUnits, Felt seller, Felt buyer) {
        Felt message = message(contract, orderId, proofHash, token, amountBaseUnits, seller, buyer);
        StarknetCurveSignature signature = StarknetCurve.sign(proofSignerPrivateKey, message);
        return new ReleaseProof(proofHash, message, signature.getR(), signature.getS());
    }
}

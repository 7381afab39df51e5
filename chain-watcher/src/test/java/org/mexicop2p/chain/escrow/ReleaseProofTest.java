package org.mexicop2p.chain.escrow;

import com.swmansion.starknet.crypto.StarknetCurve;
import com.swmansion.starknet.data.types.Felt;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseProofTest {

    private static final Felt CONTRACT = Felt.fromHex("0x21b47dd0cf4a1b9a5d8ca8e04d4b29056146c6938f9604d87cf0418c1ec8632");
    private static final Felt SIGNER_KEY = Felt.fromHex("0x1234567890abcdef");

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void proofHashIsTheTop250BitsOfTheReplayKey() throws Exception {
        String key = sha256Hex("||1|22112026|22112026|123456|40014|BANORTE|...|1725.00|");
        BigInteger digest = new BigInteger(key, 16);
        Felt proofHash = ReleaseProof.proofHash(key);
        assertEquals(digest.shiftRight(6), proofHash.getValue());
        assertTrue(proofHash.getValue().bitLength() <= 250);
        assertEquals(ReleaseProof.proofHash("f".repeat(64)).getValue(), BigInteger.ONE.shiftLeft(250).subtract(BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> ReleaseProof.proofHash("F".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> ReleaseProof.proofHash("ab"));
    }

    @Test
    void signatureVerifiesOverThePedersenChainTheContractComputes() throws Exception {
        Felt order = Felt.fromHex("0xabc");
        Felt token = Felt.fromHex("0x70ce7");
        Felt seller = Felt.fromHex("0x5e11e7");
        Felt buyer = Felt.fromHex("0xb0b");
        BigInteger amount = BigInteger.ONE.shiftLeft(128).add(BigInteger.valueOf(25_000_000));
        Felt proofHash = ReleaseProof.proofHash(sha256Hex("cadena"));
        ReleaseProof proof = ReleaseProof.sign(SIGNER_KEY, CONTRACT, order, proofHash, token, amount, seller, buyer);

        // pedersen_chain(0; ...) written out step by step, as Cairo's PedersenTrait::new(0).update(x)...finalize()
        Felt state = Felt.ZERO;
        for (Felt f : new Felt[]{CONTRACT, order, proofHash, token, new Felt(25_000_000), new Felt(1), seller, buyer}) {
            state = StarknetCurve.pedersen(state, f);
        }
        assertEquals(state, proof.messageHash());
        Felt publicKey = StarknetCurve.getPublicKey(SIGNER_KEY);
        assertTrue(StarknetCurve.verify(publicKey, proof.messageHash(), proof.sigR(), proof.sigS()));
        Felt otherBuyer = ReleaseProof.message(CONTRACT, order, proofHash, token, amount, seller, Felt.fromHex("0xbad"));
        assertFalse(StarknetCurve.verify(publicKey, otherBuyer, proof.sigR(), proof.sigS()));
    }
}

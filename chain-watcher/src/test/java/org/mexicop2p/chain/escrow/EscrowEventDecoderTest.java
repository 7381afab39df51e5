package org.mexicop2p.chain.escrow;

import com.swmansion.starknet.data.types.EmittedEvent;
import com.swmansion.starknet.data.types.Felt;
import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.chain.ChainPosition;
import org.mexicop2p.settlement.chain.DisputeOpened;
import org.mexicop2p.settlement.chain.DisputeResolved;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.chain.OrderCreated;
import org.mexicop2p.settlement.chain.OrderLocked;
import org.mexicop2p.settlement.chain.OrderRefunded;
import org.mexicop2p.settlement.chain.OrderReleased;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EscrowEventDecoderTest {

    private static final Felt ESCROW = Felt.fromHex("0x21b47dd0cf4a1b9a5d8ca8e04d4b29056146c6938f9604d87cf0418c1ec8632");
    private static final Felt BLOCK = Felt.fromHex("0xb10c");
    private static final Felt TX = Felt.fromHex("0x7a");
    private static final ChainPosition AT = new ChainPosition(42, "0xb10c", "0x7a", 1, 3);
    private static final Felt ORDER = Felt.fromHex("0x0abc");
    private static final Felt SELLER = Felt.fromHex("0x5e11e7");
    private static final Felt BUYER = Felt.fromHex("0xb0b");
    private static final Felt TOKEN = Felt.fromHex("0x70ce7");

    private static EmittedEvent event(Felt selector, Felt... data) {
        return new EmittedEvent(ESCROW, List.of(selector), List.of(data), BLOCK, 42, TX, 1, 3);
    }

    @Test
    void rendersFeltsExactlyAsFeltHexDoes() {
        List<BigInteger> edges = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(15), BigInteger.valueOf(16),
                BigInteger.valueOf(255), BigInteger.valueOf(256), BigInteger.ONE.shiftLeft(127),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(251),
                FeltHex.FIELD_PRIME.subtract(BigInteger.ONE));
        for (BigInteger value : edges) {
            assertEquals(FeltHex.of(value), EscrowEventDecoder.hex(new Felt(value)));
        }
        Random random = new Random(20261122);
        for (int i = 0; i < 20_000; i++) {
            // every bit length from 1 to 251, so odd and even digit counts and a leading sign byte all occur
            BigInteger value = new BigInteger(1 + random.nextInt(251), random);
            assertEquals(FeltHex.of(value), EscrowEventDecoder.hex(new Felt(value)));
        }
        assertThrows(IllegalArgumentException.class, () -> EscrowEventDecoder.hex(FeltHex.FIELD_PRIME));
        assertThrows(IllegalArgumentException.class, () -> EscrowEventDecoder.hex(BigInteger.ONE.negate()));
    }

    @Test
    void selectorsAreTheContractsPublishedOnes() {
        // escrow-contract.md's table, recomputed here with sn_keccak: a renamed event would fail this
        assertEquals("0x3427759bfd3b941f14e687e129519da3c9b0046c5b9aaa290bb1dede63753b3",
                EscrowAbi.ORDER_CREATED.hexString());
        assertEquals("0x1c9181360d6a869fa26789618933796038f6901bf186175ff542fc01faacadd",
                EscrowAbi.ORDER_LOCKED.hexString());
        assertEquals("0xfd1357a14bc89ad0687696e9c560bf06e2f4183f7a1a4651a7119990e41001",
                EscrowAbi.ORDER_RELEASED.hexString());
        assertEquals("0x2b1527a936433fc64df27b599aa49d8cbaac3a88b1b3888cf4384b9e8bea9cd",
                EscrowAbi.ORDER_REFUNDED.hexString());
        assertEquals("0xbb03b31f429a39919aa70949a6e33e4c9487c713ba35235c0f117679614e84",
                EscrowAbi.DISPUTE_OPENED.hexString());
        assertEquals("0x27eac42673c7b6ad77b281f32dfd605fc2994c6e2ba3bcb526bb46f4eaa636c",
                EscrowAbi.DISPUTE_RESOLVED.hexString());
    }

    @Test
    void decodesAllSixOrderEvents() {
        BigInteger big = BigInteger.ONE.shiftLeft(130).add(BigInteger.valueOf(7));
        Felt low = new Felt(BigInteger.valueOf(7));
        Felt high = new Felt(4);
        assertEquals(new OrderCreated("0xabc", "0x5e11e7", "0x70ce7", big, AT),
                EscrowEventDecoder.decode(event(EscrowAbi.ORDER_CREATED, ORDER, SELLER, TOKEN, low, high)).event());
        assertEquals(new OrderLocked("0xabc", "0xb0b", 1_700_000_000L, AT),
                EscrowEventDecoder.decode(event(EscrowAbi.ORDER_LOCKED, ORDER, BUYER, new Felt(1_700_000_000L)))
                        .event());
        assertEquals(new OrderReleased("0xabc", "0xb0b", "0x70ce7", BigInteger.valueOf(25_000_000), AT),
                EscrowEventDecoder.decode(event(EscrowAbi.ORDER_RELEASED, ORDER, BUYER, TOKEN,
                        new Felt(25_000_000), Felt.ZERO)).event());
        assertEquals(new OrderRefunded("0xabc", "0x5e11e7", "0x70ce7", BigInteger.valueOf(25_000_000), AT),
                EscrowEventDecoder.decode(event(EscrowAbi.ORDER_REFUNDED, ORDER, SELLER, TOKEN,
                        new Felt(25_000_000), Felt.ZERO)).event());
        assertEquals(new DisputeOpened("0xabc", "0xb0b", AT),
                EscrowEventDecoder.decode(event(EscrowAbi.DISPUTE_OPENED, ORDER, BUYER)).event());
        assertEquals(new DisputeResolved("0xabc", "0xa4b", "0x5e11e7", AT),
                EscrowEventDecoder.decode(event(EscrowAbi.DISPUTE_RESOLVED, ORDER, Felt.fromHex("0xa4b"), SELLER))
                        .event());
    }

    @Test
    void rejectsMalformedEventsWithAReason() {
        assertEquals(DecodeResult.Rejection.WRONG_DATA_LENGTH,
                EscrowEventDecoder.decode(event(EscrowAbi.ORDER_CREATED, ORDER, SELLER, TOKEN)).rejection());
        assertEquals(DecodeResult.Rejection.VALUE_OUT_OF_RANGE, EscrowEventDecoder.decode(event(
                EscrowAbi.ORDER_CREATED, ORDER, SELLER, TOKEN, new Felt(BigInteger.ONE.shiftLeft(128)), Felt.ZERO))
                .rejection());
        assertEquals(DecodeResult.Rejection.VALUE_OUT_OF_RANGE, EscrowEventDecoder.decode(event(
                EscrowAbi.ORDER_LOCKED, ORDER, BUYER, new Felt(BigInteger.ONE.shiftLeft(64)))).rejection());
        assertEquals(DecodeResult.Rejection.UNKNOWN_SELECTOR,
                EscrowEventDecoder.decode(event(Felt.fromHex("0x1234"), ORDER)).rejection());
        EmittedEvent preConfirmed = new EmittedEvent(ESCROW, List.of(EscrowAbi.DISPUTE_OPENED), List.of(ORDER, BUYER),
                null, null, TX, 0, 0);
        DecodeResult r = EscrowEventDecoder.decode(preConfirmed);
        assertFalse(r.decoded());
        assertEquals(DecodeResult.Rejection.NOT_IN_A_BLOCK, r.rejection());
    }
}

package org.mexicop2p.chain.escrow;

import com.swmansion.starknet.data.types.EmittedEvent;
import com.swmansion.starknet.data.types.Felt;
import org.mexicop2p.settlement.chain.ChainPosition;
import org.mexicop2p.settlement.chain.DisputeOpened;
import org.mexicop2p.settlement.chain.DisputeResolved;
import org.mexicop2p.settlement.chain.FeltHex;
import org.mexicop2p.settlement.chain.OrderCreated;
import org.mexicop2p.settlement.chain.OrderLocked;
import org.mexicop2p.settlement.chain.OrderRefunded;
import org.mexicop2p.settlement.chain.OrderReleased;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the escrow contract's six order events from {@code starknet_getEvents} results. The published contract has
 * no {@code #[key]} fields, so {@code keys = [selector]} and every field is in {@code data}; a u256 is two felts
 * (low, high). See {@code escrow-contract.md}.
 */
public final class EscrowEventDecoder {

    private static final BigInteger U128_LIMIT = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private EscrowEventDecoder() {
    }

    /** Decodes one event; never throws for malformed chain data. */
    public static DecodeResult decode(EmittedEvent emitted) {
        if (emitted.getBlockHash() == null || emitted.getBlockNumber() == null) {
            return DecodeResult.rejected(DecodeResult.Rejection.NOT_IN_A_BLOCK);
        }
        return decode(emitted, hex(emitted.getBlockHash()), hex(emitted.getTransactionHash()));
    }

    /**
     * Decodes one event whose block hash and transaction hash the caller has already rendered as canonical hex (the
     * watcher does, to check and de-duplicate events), so they are not formatted twice.
     */
    public static DecodeResult decode(EmittedEvent emitted, String blockHashHex, String transactionHashHex) {
        if (emitted.getBlockNumber() == null) {
            return DecodeResult.rejected(DecodeResult.Rejection.NOT_IN_A_BLOCK);
        }
        List<Felt> keys = emitted.getKeys();
        if (keys.isEmpty()) {
            return DecodeResult.rejected(DecodeResult.Rejection.UNKNOWN_SELECTOR);
        }
        Felt selector = keys.get(0);
        List<Felt> d = emitted.getData();
        ChainPosition at = new ChainPosition(emitted.getBlockNumber(), blockHashHex, transactionHashHex,
                emitted.getTransactionIndex(), emitted.getEventIndex());
        if (selector.equals(EscrowAbi.ORDER_CREATED)) {
            if (d.size() != 5) {
                return wrongLength();
            }
            BigInteger amount = u256(d.get(3), d.get(4));
            return amount == null ? outOfRange()
                    : DecodeResult.ok(new OrderCreated(hex(d.get(0)), hex(d.get(1)), hex(d.get(2)), amount, at));
        }
        if (selector.equals(EscrowAbi.ORDER_LOCKED)) {
            if (d.size() != 3) {
                return wrongLength();
            }
            BigInteger expiry = d.get(2).getValue();
            // u64 seconds; a value beyond Long.MAX_VALUE cannot be a timestamp the contract wrote
            return expiry.compareTo(U64_LIMIT) >= 0 || expiry.bitLength() > 63 ? outOfRange()
                    : DecodeResult.ok(new OrderLocked(hex(d.get(0)), hex(d.get(1)), expiry.longValueExact(), at));
        }
        if (selector.equals(EscrowAbi.ORDER_RELEASED) || selector.equals(EscrowAbi.ORDER_REFUNDED)) {
            if (d.size() != 5) {
                return wrongLength();
            }
            BigInteger amount = u256(d.get(3), d.get(4));
            if (amount == null) {
                return outOfRange();
            }
            return DecodeResult.ok(selector.equals(EscrowAbi.ORDER_RELEASED)
                    ? new OrderReleased(hex(d.get(0)), hex(d.get(1)), hex(d.get(2)), amount, at)
                    : new OrderRefunded(hex(d.get(0)), hex(d.get(1)), hex(d.get(2)), amount, at));
        }
        if (selector.equals(EscrowAbi.DISPUTE_OPENED)) {
            return d.size() != 2 ? wrongLength()
                    : DecodeResult.ok(new DisputeOpened(hex(d.get(0)), hex(d.get(1)), at));
        }
        if (selector.equals(EscrowAbi.DISPUTE_RESOLVED)) {
            return d.size() != 3 ? wrongLength()
                    : DecodeResult.ok(new DisputeResolved(hex(d.get(0)), hex(d.get(1)), hex(d.get(2)), at));
        }
        return DecodeResult.rejected(DecodeResult.Rejection.UNKNOWN_SELECTOR);
    }

    /**
     * Canonical hex of a felt, the same form {@link FeltHex#of} produces. Written out nibble by nibble from the
     * value's bytes: {@code BigInteger.toString(16)} divides repeatedly and was the watcher's largest CPU cost
     * (about ten felts are rendered per event).
     */
    public static String hex(Felt felt) {
        return hex(felt.getValue());
    }

    /** Canonical hex of a value known to be a felt; rejects anything outside the field like {@link FeltHex#of}. */
    static String hex(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(FeltHex.FIELD_PRIME) >= 0) {
            throw new IllegalArgumentException("not a felt: " + value);
        }
        int digits = Math.max(1, (value.bitLength() + 3) >>> 2);
        byte[] bytes = value.toByteArray();
        byte[] text = new byte[2 + digits];
        text[0] = '0';
        text[1] = 'x';
        for (int nibble = 0; nibble < digits; nibble++) {
            int b = bytes[bytes.length - 1 - (nibble >>> 1)];
            text[text.length - 1 - nibble] = HEX_DIGITS[(nibble & 1) == 0 ? b & 0xf : (b >>> 4) & 0xf];
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static BigInteger u256(Felt low, Felt high) {
        if (low.getValue().compareTo(U128_LIMIT) >= 0 || high.getValue().compareTo(U128_LIMIT) >= 0) {
            return null;
        }
        return high.getValue().shiftLeft(128).or(low.getValue());
    }

    private static DecodeResult wrongLength() {
        return DecodeResult.rejected(DecodeResult.Rejection.WRONG_DATA_LENGTH);
    }

    private static DecodeResult outOfRange() {
        return DecodeResult.rejected(DecodeResult.Rejection.VALUE_OUT_OF_RANGE);
    }
}

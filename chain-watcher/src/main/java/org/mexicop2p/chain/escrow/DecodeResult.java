package org.mexicop2p.chain.escrow;

import org.mexicop2p.settlement.chain.EscrowEvent;

/**
 * The outcome of decoding one emitted event: the typed event, or the reason it was not one of ours. Never an
 * exception: the chain is public input.
 */
public record DecodeResult(EscrowEvent event, Rejection rejection) {

    /** Why an emitted event could not be decoded. */
    public enum Rejection {
        /** keys[0] is not one of the six order events (the filter should have excluded it). */
        UNKNOWN_SELECTOR,
        /** The data has another number of felts than the event's layout. */
        WRONG_DATA_LENGTH,
        /** A u256 amount's high or low half is out of range, or a u64 does not fit. */
        VALUE_OUT_OF_RANGE,
        /** The event has no block hash or number: it is pre-confirmed and must not be acted on. */
        NOT_IN_A_BLOCK
    }

    static DecodeResult ok(EscrowEvent event) {
        return new DecodeResult(event, null);
    }

    static DecodeResult rejected(Rejection rejection) {
        return new DecodeResult(null, rejection);
    }

    public boolean decoded() {
        return event != null;
    }
}

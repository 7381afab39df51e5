package org.mexicop2p.settlement.lifecycle;

/**
 * The keys of {@link OrderFact#details} that {@link OrderFacts} reads besides recording them: the chain's parties,
 * deposit and lock expiry, the block that carried the fact, the CEP that proved payment, an admin's name and reason.
 */
public final class FactDetails {

    public static final String SELLER = "seller";
    public static final String BUYER = "buyer";
    /** The token contract of a deposit (canonical felt). */
    public static final String TOKEN = "token";
    /** The amount of a deposit, in token base units. */
    public static final String AMOUNT = "amount";
    public static final String LOCK_EXPIRY_EPOCH_SECONDS = "lockExpiryEpochSeconds";
    public static final String BLOCK_HASH = "blockHash";
    public static final String CEP_REPLAY_KEY = "cepReplayKey";
    public static final String DECIDED_BY = "decidedBy";
    public static final String REASON = "reason";
    /** Longest detail value kept; longer ones are cut, so a fact can never overflow the audit columns. */
    public static final int MAX_VALUE_LENGTH = 500;
    /** Most details one fact may carry. */
    public static final int MAX_ENTRIES = 16;

    private FactDetails() {
    }
}

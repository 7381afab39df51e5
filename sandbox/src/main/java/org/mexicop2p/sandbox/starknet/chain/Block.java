package org.mexicop2p.sandbox.starknet.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * A mined block: header facts, its transactions with receipts, and its events flattened in emission order (the index
 * {@code starknet_getEvents} scans). {@code journalMark} is where this block's state writes begin, for reorgs.
 */
public final class Block {

    private final long number;
    private final BigInteger hash;
    private final BigInteger parentHash;
    private final long timestampSeconds;
    private final List<MinedTransaction> transactions;
    private final List<EmittedEvent> events;
    private final int journalMark;
    private volatile boolean acceptedOnL1;

    /** A transaction as included in a block, with its index there and its receipt. */
    public record MinedTransaction(Transaction transaction, int index, Receipt receipt) {
    }

    Block(long number, BigInteger hash, BigInteger parentHash, long timestampSeconds,
          List<MinedTransaction> transactions, List<EmittedEvent> events, int journalMark) {
        this.number = number;
        this.hash = hash;
        this.parentHash = parentHash;
        this.timestampSeconds = timestampSeconds;
        this.transactions = List.copyOf(transactions);
        this.events = List.copyOf(events);
        this.journalMark = journalMark;
    }

    public long number() {
        return number;
    }

    public BigInteger hash() {
        return hash;
    }

    public BigInteger parentHash() {
        return parentHash;
    }

    public long timestampSeconds() {
        return timestampSeconds;
    }

    public List<MinedTransaction> transactions() {
        return transactions;
    }

    public List<EmittedEvent> events() {
        return events;
    }

    int journalMark() {
        return journalMark;
    }

    public boolean acceptedOnL1() {
        return acceptedOnL1;
    }

    void markAcceptedOnL1() {
        acceptedOnL1 = true;
    }
}

package org.mexicop2p.sandbox.starknet.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

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
    private final AtomicReferenceArray<String> renderedEvents;
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
        this.renderedEvents = new AtomicReferenceArray<>(events.size());
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

    /**
     * The event at {@code index} rendered by {@code render}, computed once: a block's events never change (a reorg
     * replaces the whole block), and rendering felts as hex dominated {@code starknet_getEvents} time.
     */
    public String renderedEvent(int index, Function<EmittedEvent, String> render) {
        String rendered = renderedEvents.get(index);
        if (rendered == null) {
            rendered = render.apply(events.get(index));
            renderedEvents.set(index, rendered);
        }
        return rendered;
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

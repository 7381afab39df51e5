package org.mexicop2p.sandbox.starknet.contract;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** What one transaction's execution sees (caller, block time) and collects (events), writing through the journal. */
public final class ExecutionContext {

    private final BigInteger caller;
    private final long blockTimestampSeconds;
    private final StateJournal journal;
    private final List<Event> events;

    public ExecutionContext(BigInteger caller, long blockTimestampSeconds, StateJournal journal) {
        this(caller, blockTimestampSeconds, journal, new ArrayList<>());
    }

    private ExecutionContext(BigInteger caller, long blockTimestampSeconds, StateJournal journal, List<Event> events) {
        this.caller = caller;
        this.blockTimestampSeconds = blockTimestampSeconds;
        this.journal = journal;
        this.events = events;
    }

    public BigInteger caller() {
        return caller;
    }

    public long blockTimestampSeconds() {
        return blockTimestampSeconds;
    }

    public StateJournal journal() {
        return journal;
    }

    public void emit(Event event) {
        events.add(event);
    }

    public List<Event> events() {
        return events;
    }

    /** The same execution seen by a callee: when the escrow calls a token contract, the escrow is the caller. */
    public ExecutionContext asCaller(BigInteger newCaller) {
        return new ExecutionContext(newCaller, blockTimestampSeconds, journal, events);
    }
}

package org.mexicop2p.chain.watch;

import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * The watcher's live figures, for operators: chain head, cursor, lag (head − cursor, in blocks), the last error and
 * counters. The API layer serves {@link #snapshot()} as {@code /admin/v1/chain/status}; Micrometer gauges can read
 * the same snapshot. Error texts never contain keys (the watcher holds none).
 */
@Singleton
public class WatcherStatus {

    /** An immutable copy of the figures at one instant. */
    public record Snapshot(long headBlock, long cursorBlock, long lagBlocks, Instant lastPollAt,
                           Instant lastSuccessAt, String lastError, Instant lastErrorAt, long eventsApplied,
                           long reorgs, long duplicateEventsDropped, long undecodableEvents,
                           long consecutiveFailures) {
    }

    private long headBlock = -1;
    private long cursorBlock = -1;
    private Instant lastPollAt;
    private Instant lastSuccessAt;
    private String lastError;
    private Instant lastErrorAt;
    private long eventsApplied;
    private long reorgs;
    private long duplicateEventsDropped;
    private long undecodableEvents;
    private long consecutiveFailures;

    public synchronized Snapshot snapshot() {
        long lag = headBlock < 0 ? 0 : Math.max(0, headBlock - cursorBlock);
        return new Snapshot(headBlock, cursorBlock, lag, lastPollAt, lastSuccessAt, lastError, lastErrorAt,
                eventsApplied, reorgs, duplicateEventsDropped, undecodableEvents, consecutiveFailures);
    }

    synchronized void polled(long head, long cursor) {
        Instant now = Instant.now();
        headBlock = head;
        cursorBlock = cursor;
        lastPollAt = now;
        lastSuccessAt = now;
        consecutiveFailures = 0;
    }

    synchronized void applied(int events, int duplicates, int undecodable) {
        eventsApplied += events;
        duplicateEventsDropped += duplicates;
        undecodableEvents += undecodable;
    }

    synchronized void reorged() {
        reorgs++;
    }

    synchronized void failed(String error) {
        Instant now = Instant.now();
        lastPollAt = now;
        lastError = error;
        lastErrorAt = now;
        consecutiveFailures++;
    }
}

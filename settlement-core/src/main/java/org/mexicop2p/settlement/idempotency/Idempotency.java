package org.mexicop2p.settlement.idempotency;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Stripe-style idempotency for a partner's POSTs. {@link #claim} reserves the key before the request runs (its own
 * committed insert, unique per partner and key, so of two concurrent first requests exactly one runs); the caller
 * then {@link #complete}s it with the response, or {@link #release}s it if the request failed in a way worth
 * retrying (server error). A later request with the same key and body gets the stored response; with a different
 * body it is refused. Keys live 24 hours.
 */
@Singleton
public class Idempotency {

    public static final int MAX_KEY_LENGTH = 255;
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** What to do with a request that carries a key. */
    public sealed interface Claim {
        /** First use: run the request, then complete or release this record. */
        record Proceed(UUID recordId) implements Claim {
        }

        /** Same key and body as a finished request: answer with its response. */
        record Replay(int status, String body) implements Claim {
        }

        /** Same key, different request. */
        record KeyReused() implements Claim {
        }

        /** The first request with this key is still running. */
        record InProgress() implements Claim {
        }
    }

    private final IdempotencyRecordRepository records;
    private final Clock clock;

    public Idempotency(IdempotencyRecordRepository records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    public static boolean wellFormedKey(String key) {
        return key != null && KEY_FORMAT.matcher(key).matches();
    }

    /** @param requestHash a digest of what makes the request this request (method, path, body) */
    public Claim claim(UUID partnerId, String key, String requestHash) {
        Instant now = clock.instant();
        Optional<IdempotencyRecord> existing = records.findByPartnerIdAndIdempotencyKey(partnerId, key);
        if (existing.isPresent() && existing.get().createdAt().plus(RETENTION).isBefore(now)) {
            records.delete(existing.get());
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            UUID id = UUID.randomUUID();
            try {
                records.save(new IdempotencyRecord(id, partnerId, key, requestHash, null, null, now));
                return new Claim.Proceed(id);
            } catch (DataAccessException raced) {
                // A concurrent request with the same key inserted first; judge this one against it.
                existing = records.findByPartnerIdAndIdempotencyKey(partnerId, key);
                if (existing.isEmpty()) {
                    throw raced;
                }
            }
        }
        IdempotencyRecord record = existing.get();
        if (!record.requestHash().equals(requestHash)) {
            return new Claim.KeyReused();
        }
        if (record.responseStatus() == null) {
            return new Claim.InProgress();
        }
        return new Claim.Replay(record.responseStatus(), record.responseBody());
    }

    public void complete(UUID recordId, int status, String body) {
        records.complete(recordId, status, body);
    }

    /** Forgets the claim so the partner can retry with the same key. */
    public void release(UUID recordId) {
        records.deleteById(recordId);
    }
}

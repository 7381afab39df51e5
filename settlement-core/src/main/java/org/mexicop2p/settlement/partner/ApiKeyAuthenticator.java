package org.mexicop2p.settlement.partner;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks an {@code X-API-Key}: format, lookup by the non-secret key id, one bcrypt verification, then the partner's
 * status. A verified key is cached (keyed by its SHA-256, never by the key) with the partner snapshot for a bounded
 * time, so steady traffic costs a hash-map lookup instead of bcrypt and a query. {@link #invalidate} is called on
 * every key rotation or partner change, so an old key or a suspension takes effect at once on this instance; other
 * instances sharing the database see it within the cache TTL. A verification that read the partner before an
 * invalidation neither stays cached nor answers requests that arrive after it.
 */
@Singleton
public class ApiKeyAuthenticator {

    /** Why a key was or was not accepted. */
    public enum Outcome { ACCEPTED, INVALID_API_KEY, PARTNER_INACTIVE, PARTNER_SUSPENDED }

    /** The outcome and, when the key matched, the partner it belongs to. */
    public record Result(Outcome outcome, Partner partner) {
    }

    /** Bounds the cache; past it the cache is emptied rather than grown (it only saves work, never decides). */
    static final int MAX_CACHED_KEYS = 10_000;

    private record Cached(Partner partner, long expiresAtNanos) {
    }

    /** A verification in progress, and the {@link #invalidations} count when it started, before its lookup. */
    private record Verification(long generation, CompletableFuture<Result> result) {
    }

    private final PartnerRepository partners;
    private final long cacheTtlNanos;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    /** Verifications running now, by key digest; at most one entry per blocking thread, so bounded by the pool. */
    private final Map<String, Verification> inFlight = new ConcurrentHashMap<>();
    /**
     * Counts {@link #invalidate} calls. A verification reads the partner, then spends bcrypt's 50-100 ms; a rotation
     * or suspension in between finds nothing to remove yet, so the verification's snapshot would otherwise be
     * cached (and shared with later requests) for a whole TTL after the operator was told the key is dead. One
     * counter for all partners: the partner is only known after the lookup, and invalidations are rare.
     */
    private final AtomicLong invalidations = new AtomicLong();

    public ApiKeyAuthenticator(PartnerRepository partners,
                               @Value("${mp2p.auth.key-cache-ttl-ms:60000}") long keyCacheTtlMs) {
        this.partners = partners;
        this.cacheTtlNanos = keyCacheTtlMs * 1_000_000L;
    }

    /**
     * The verdict on a key when it needs neither the database nor bcrypt: a malformed key, or one verified within
     * the cache TTL. Empty means only {@link #authenticate} can decide. It never blocks, so the HTTP layer may call
     * it on an event-loop thread and keep the blocking pool for cache misses.
     */
    public Optional<Result> authenticateCached(String key) {
        if (!ApiKeys.wellFormed(key)) {
            return Optional.of(new Result(Outcome.INVALID_API_KEY, null));
        }
        Cached cached = verified.get(ApiKeys.sha256Hex(key));
        if (cached != null && System.nanoTime() - cached.expiresAtNanos() < 0) {
            return Optional.of(decide(cached.partner()));
        }
        return Optional.empty();
    }

    /**
     * The full check: the cache first, then the database and bcrypt. Blocking; never call it on an event loop.
     * Concurrent misses for the same key share one verification: when a busy key's cache entry expires, the
     * requests in flight would otherwise each run bcrypt at once (64 connections stalled the API for over 10 s on
     * two cores). Sharing is sound because equal digests mean equal keys, so the verdict is the same.
     */
    public Result authenticate(String key) {
        Optional<Result> fast = authenticateCached(key);
        if (fast.isPresent()) {
            return fast.get();
        }
        String digest = ApiKeys.sha256Hex(key);
        Verification mine = new Verification(invalidations.get(), new CompletableFuture<>());
        // A verification that started before the latest invalidation may have read what it revoked: replace it.
        Verification running = inFlight.compute(digest, (d, current) ->
                current != null && current.generation() == mine.generation() ? current : mine);
        if (running != mine) {
            try {
                return running.result().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Result result = verify(key, digest, mine.generation());
            mine.result().complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(digest, mine);
        }
    }

    private Result verify(String key, String digest, long generation) {
        long now = System.nanoTime();
        Optional<Partner> candidate = partners.findByApiKeyId(digest.substring(0, 16));
        if (candidate.isEmpty() || !ApiKeys.matches(key, candidate.get().apiKeyHash())) {
            verified.remove(digest);
            return new Result(Outcome.INVALID_API_KEY, null);
        }
        if (verified.size() >= MAX_CACHED_KEYS) {
            verified.clear();
        }
        // Cached only if nothing was invalidated since the lookup began. Checked again after the put, because an
        // invalidation between the first check and the put finds nothing to remove; one after the put removes it.
        if (invalidations.get() == generation) {
            Cached entry = new Cached(candidate.get(), now + cacheTtlNanos);
            verified.put(digest, entry);
            if (invalidations.get() != generation) {
                verified.remove(digest, entry);
            }
        }
        return decide(candidate.get());
    }

    private static Result decide(Partner partner) {
        return switch (partner.status()) {
            case ACTIVE -> new Result(Outcome.ACCEPTED, partner);
            case INACTIVE -> new Result(Outcome.PARTNER_INACTIVE, partner);
            case SUSPENDED -> new Result(Outcome.PARTNER_SUSPENDED, partner);
        };
    }

    /** Forgets every cached verification of this partner's keys; the next request re-reads the database. */
    public void invalidate(UUID partnerId) {
        invalidations.incrementAndGet();
        verified.values().removeIf(c -> c.partner().id().equals(partnerId));
    }
}

package org.mexicop2p.settlement.partner;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an {@code X-API-Key}: format, lookup by the non-secret key id, one bcrypt verification, then the partner's
 * status. A verified key is cached (keyed by its SHA-256, never by the key) with the partner snapshot for a bounded
 * time, so steady traffic costs a hash-map lookup instead of bcrypt and a query. {@link #invalidate} is called on
 * every key rotation or partner change, so an old key or a suspension takes effect at once on this instance; other
 * instances sharing the database see it within the cache TTL.
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

    private final PartnerRepository partners;
    private final long cacheTtlNanos;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(PartnerRepository partners,
                               @Value("${mp2p.auth.key-cache-ttl-ms:60000}") long keyCacheTtlMs) {
        this.partners = partners;
        this.cacheTtlNanos = keyCacheTtlMs * 1_000_000L;
    }

    public Result authenticate(String key) {
        if (!ApiKeys.wellFormed(key)) {
            return new Result(Outcome.INVALID_API_KEY, null);
        }
        String digest = ApiKeys.sha256Hex(key);
        long now = System.nanoTime();
        Cached cached = verified.get(digest);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return decide(cached.partner());
        }
        Optional<Partner> candidate = partners.findByApiKeyId(digest.substring(0, 16));
        if (candidate.isEmpty() || !ApiKeys.matches(key, candidate.get().apiKeyHash())) {
            verified.remove(digest);
            return new Result(Outcome.INVALID_API_KEY, null);
        }
        if (verified.size() >= MAX_CACHED_KEYS) {
            verified.clear();
        }
        verified.put(digest, new Cached(candidate.get(), now + cacheTtlNanos));
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
        verified.values().removeIf(c -> c.partner().id().equals(partnerId));
    }
}

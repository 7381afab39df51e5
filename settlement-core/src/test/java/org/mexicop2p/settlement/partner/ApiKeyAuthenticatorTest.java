package org.mexicop2p.settlement.partner;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verified-key cache: what it answers without the database, and one verification per key at a time. */
class ApiKeyAuthenticatorTest {

    private final String key = ApiKeys.generate();
    private final Partner partner = new Partner(UUID.randomUUID(), "P", Tier.GROWTH, KycModel.PARTNER_MANAGED,
            PartnerStatus.ACTIVE, "", ApiKeys.lookupId(key), ApiKeys.hash(key), "secret", Instant.EPOCH,
            Instant.EPOCH, 0L);
    private final AtomicInteger lookups = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    /** A repository that only answers the key-id lookup, counts it, and holds it until {@link #release}. */
    private PartnerRepository repository() {
        return (PartnerRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{PartnerRepository.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("findByApiKeyId")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    lookups.incrementAndGet();
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                    return partner.apiKeyId().equals(args[0]) ? Optional.of(partner) : Optional.empty();
                });
    }

    @Test
    void cachedAnswersOnlyMalformedAndVerifiedKeys() {
        release.countDown();
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repository(), 60_000);
        assertEquals(ApiKeyAuthenticator.Outcome.INVALID_API_KEY,
                authenticator.authenticateCached("mp2p_short").orElseThrow().outcome());
        assertTrue(authenticator.authenticateCached(key).isEmpty(), "never verified: only bcrypt may decide");
        String wrong = ApiKeys.generate();
        assertEquals(ApiKeyAuthenticator.Outcome.INVALID_API_KEY, authenticator.authenticate(wrong).outcome());
        assertTrue(authenticator.authenticateCached(wrong).isEmpty(), "a refused key is not cached");

        assertEquals(ApiKeyAuthenticator.Outcome.ACCEPTED, authenticator.authenticate(key).outcome());
        assertEquals(partner, authenticator.authenticateCached(key).orElseThrow().partner());
        authenticator.invalidate(partner.id());
        assertTrue(authenticator.authenticateCached(key).isEmpty(), "invalidation empties the cache at once");
        assertEquals(2, lookups.get(), "the wrong key and the first verification");
    }

    @Test
    void concurrentMissesForOneKeyShareOneVerification() throws Exception {
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repository(), 60_000);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ApiKeyAuthenticator.Result>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> authenticator.authenticate(key)));
            }
            // Give every thread time to reach the in-flight verification before it may finish.
            Thread.sleep(300);
            release.countDown();
            for (Future<ApiKeyAuthenticator.Result> result : results) {
                assertEquals(ApiKeyAuthenticator.Outcome.ACCEPTED, result.get(10, TimeUnit.SECONDS).outcome());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, lookups.get(), "one database lookup and one bcrypt for 16 concurrent misses");
    }
}

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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verified-key cache: what it answers without the database, one verification per key at a time, and no stale
 * answer after a rotation or suspension that lands while a verification is running.
 */
class ApiKeyAuthenticatorTest {

    private final String key = ApiKeys.generate();
    private final Partner partner = new Partner(UUID.randomUUID(), "P", Tier.GROWTH, KycModel.PARTNER_MANAGED,
            PartnerStatus.ACTIVE, "", ApiKeys.lookupId(key), ApiKeys.hash(key), "secret", Instant.EPOCH,
            Instant.EPOCH, 0L);
    private final AtomicInteger lookups = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    /** The partner row as the database holds it now. */
    private final AtomicReference<Partner> stored = new AtomicReference<>(partner);
    /** One permit per lookup that has read {@link #stored}. */
    private final Semaphore lookupsStarted = new Semaphore(0);

    /**
     * A repository that only answers the key-id lookup, counts it, reads {@link #stored} at once and answers with
     * that snapshot once {@link #release}d, as a lookup followed by bcrypt would.
     */
    private PartnerRepository repository() {
        return (PartnerRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{PartnerRepository.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("findByApiKeyId")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    lookups.incrementAndGet();
                    Partner snapshot = stored.get();
                    lookupsStarted.release();
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                    return snapshot.apiKeyId().equals(args[0]) ? Optional.of(snapshot) : Optional.empty();
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

    @Test
    void aKeyRotatedDuringItsVerificationIsNotCached() throws Exception {
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repository(), 60_000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ApiKeyAuthenticator.Result> overlapping = pool.submit(() -> authenticator.authenticate(key));
            assertTrue(lookupsStarted.tryAcquire(10, TimeUnit.SECONDS), "the lookup has read the old key");
            String rotated = ApiKeys.generate();
            stored.set(new Partner(partner.id(), "P", Tier.GROWTH, KycModel.PARTNER_MANAGED, PartnerStatus.ACTIVE,
                    "", ApiKeys.lookupId(rotated), ApiKeys.hash(rotated), "secret", Instant.EPOCH, Instant.EPOCH, 1L));
            authenticator.invalidate(partner.id());
            release.countDown();
            assertEquals(ApiKeyAuthenticator.Outcome.ACCEPTED, overlapping.get(10, TimeUnit.SECONDS).outcome(),
                    "a request that overlapped the rotation");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(authenticator.authenticateCached(key).isEmpty(), "the snapshot read before the rotation");
        assertEquals(ApiKeyAuthenticator.Outcome.INVALID_API_KEY, authenticator.authenticate(key).outcome());
    }

    @Test
    void aRequestAfterASuspensionDoesNotShareAVerificationStartedBeforeIt() throws Exception {
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repository(), 60_000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ApiKeyAuthenticator.Result> before = pool.submit(() -> authenticator.authenticate(key));
            assertTrue(lookupsStarted.tryAcquire(10, TimeUnit.SECONDS), "the first lookup has read ACTIVE");
            stored.set(new Partner(partner.id(), "P", Tier.GROWTH, KycModel.PARTNER_MANAGED,
                    PartnerStatus.SUSPENDED, "", partner.apiKeyId(), partner.apiKeyHash(), "secret", Instant.EPOCH,
                    Instant.EPOCH, 1L));
            authenticator.invalidate(partner.id());
            Future<ApiKeyAuthenticator.Result> after = pool.submit(() -> authenticator.authenticate(key));
            assertTrue(lookupsStarted.tryAcquire(10, TimeUnit.SECONDS), "the later request reads the database");
            release.countDown();
            assertEquals(ApiKeyAuthenticator.Outcome.ACCEPTED, before.get(10, TimeUnit.SECONDS).outcome());
            assertEquals(ApiKeyAuthenticator.Outcome.PARTNER_SUSPENDED, after.get(10, TimeUnit.SECONDS).outcome());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ApiKeyAuthenticator.Outcome.PARTNER_SUSPENDED,
                authenticator.authenticateCached(key).orElseThrow().outcome());
    }
}

package org.mexicop2p.api.auth;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.mexicop2p.settlement.partner.ApiKeyAuthenticator;
import org.reactivestreams.Publisher;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The slow half of the partner key check: runs only for the requests whose key {@link PartnerAuthFilter} could not
 * decide from its cache (the same per-request lookup, {@link PartnerAuthFilter#cachedLookup}), verifies the key on the
 * blocking pool (query and bcrypt; concurrent checks of one key share one verification) and continues the chain from
 * there, or answers the refusal. Every other request skips it ({@link ConditionalFilter}), so the reactive
 * continuation it needs costs them nothing.
 *
 * <p>It takes the chain as a continuation instead of returning a {@code CompletableFuture<HttpResponse>} completed
 * with {@code null} for "let it through": Micronaut 4.10 answers 503 with an empty body when such a future completes
 * {@code null} later, which is why an earlier attempt turned every cache miss into a 503.
 */
@ServerFilter("/api/v1/**")
@Order(PartnerAuthFilter.ORDER + 1)
public class PartnerKeyCheckFilter implements ConditionalFilter {

    private final ApiKeyAuthenticator authenticator;
    private final PartnerAuthFilter admission;
    private final ExecutorService blocking;

    public PartnerKeyCheckFilter(ApiKeyAuthenticator authenticator, PartnerAuthFilter admission,
                                 @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.authenticator = authenticator;
        this.admission = admission;
        this.blocking = blocking;
    }

    /** Micronaut may ask this before {@link PartnerAuthFilter} runs; the shared lookup keeps both consistent. */
    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        if (MarketplaceRateFilter.isMarketplace(request.getPath())) {
            return false;
        }
        String key = PartnerAuthFilter.apiKey(request);
        return key != null && admission.cachedLookup(request, key).isEmpty();
    }

    @RequestFilter
    public Publisher<MutableHttpResponse<?>> verify(HttpRequest<?> request,
                                                    FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        String key = PartnerAuthFilter.apiKey(request);
        // onSubscribe reaches the subscriber through whichever publisher it is finally subscribed to.
        return subscriber -> {
            try {
                blocking.execute(() -> {
                    Optional<MutableHttpResponse<?>> refusal;
                    try {
                        refusal = admission.admit(request, authenticator.authenticate(key));
                    } catch (RuntimeException e) {
                        Publishers.<MutableHttpResponse<?>>just(e).subscribe(subscriber);
                        return;
                    }
                    (refusal.isPresent() ? Publishers.just(refusal.get()) : chain.proceed()).subscribe(subscriber);
                });
            } catch (RejectedExecutionException e) {
                // Only while shutting down; the request still gets an answer (500) instead of hanging.
                Publishers.<MutableHttpResponse<?>>just(e).subscribe(subscriber);
            }
        };
    }
}

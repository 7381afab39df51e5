package org.mexicop2p.settlement.payment;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.mexicop2p.cep.portal.BanxicoPortalClient;
import org.mexicop2p.cep.portal.PortalResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Runs the durable Banxico fetches: every {@code mp2p.banxico.poll-interval} (a duration, default {@code 1s}) it
 * claims the due ones in the database and asks the portal, one query at a time (the portal client also spaces
 * queries and backs off after a captcha). "Not yet available", "throttled" and portal errors are retried with
 * back-off until the lock deadline plus grace; a found receipt is judged by {@link PaymentProofs}.
 */
@Singleton
public class BanxicoFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(BanxicoFetcher.class);
    /** Due fetches handled per round; the rest wait for the next round, oldest first. */
    static final int MAX_FETCHES_PER_ROUND = 20;

    private final PaymentFetchRepository fetches;
    private final PaymentProofs proofs;
    private final PaymentSettings settings;
    private final BanxicoPortalClient portal;
    private final Clock clock;

    public BanxicoFetcher(PaymentFetchRepository fetches, PaymentProofs proofs, PaymentSettings settings,
                          Clock clock) {
        this.fetches = fetches;
        this.proofs = proofs;
        this.settings = settings;
        this.portal = new BanxicoPortalClient(settings.portal());
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${mp2p.banxico.poll-interval:1s}", initialDelay = "${mp2p.banxico.poll-interval:1s}")
    void scheduledRound() {
        try {
            runDue();
        } catch (RuntimeException e) {
            // A database hiccup must not kill the schedule; the claims' leases make the next round safe.
            LOG.warn("Banxico fetch round failed: {}", e.toString());
        }
    }

    /** Handles the fetches due now; returns how many this caller queried the portal for. */
    public int runDue() {
        Instant now = clock.instant();
        List<PaymentFetch> due = fetches.findDue(now, MAX_FETCHES_PER_ROUND);
        int queried = 0;
        for (PaymentFetch candidate : due) {
            if (fetches.claim(candidate.id(), candidate.version(), now.plus(settings.claimLease()), now) != 1) {
                continue;
            }
            PaymentFetch claimed = fetches.findById(candidate.id()).orElseThrow();
            attempt(claimed);
            queried++;
        }
        return queried;
    }

    private void attempt(PaymentFetch fetch) {
        Instant now = clock.instant();
        if (now.isAfter(fetch.giveUpAt())) {
            giveUp(fetch, "DEADLINE", now);
            return;
        }
        PortalResult result = portal.fetch(fetch.query());
        Instant after = clock.instant();
        switch (result.outcome()) {
            case FOUND -> proofs.judgeFetched(fetch, result);
            case NOT_FOUND -> fetches.update(fetch.finished(FetchStatus.REJECTED, result.outcome().name(),
                    ProofReason.PAYMENT_NOT_FOUND.name(), "Banxico knows no payment with these SPEI details",
                    null, after));
            default -> {
                Instant next = after.plus(settings.retryDelay(fetch.attempts()));
                if (next.isAfter(fetch.giveUpAt())) {
                    giveUp(fetch, result.outcome().name(), after);
                } else {
                    fetches.update(fetch.retryAt(next, result.outcome().name(), result.detail(), after));
                }
            }
        }
        LOG.info("order {}: Banxico fetch {} attempt {}: {}", fetch.orderId(), fetch.id(), fetch.attempts(),
                result.outcome());
    }

    private void giveUp(PaymentFetch fetch, String lastOutcome, Instant now) {
        fetches.update(fetch.finished(FetchStatus.REJECTED, lastOutcome, ProofReason.FETCH_DEADLINE_PASSED.name(),
                "no CEP by the lock deadline plus grace (" + fetch.giveUpAt() + ")", null, now));
    }
}

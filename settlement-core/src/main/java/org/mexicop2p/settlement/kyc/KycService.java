package org.mexicop2p.settlement.kyc;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.Periods;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerLocks;
import org.mexicop2p.settlement.user.KycUpdatedEvent;
import org.mexicop2p.settlement.user.PartnerUser;
import org.mexicop2p.settlement.user.PartnerUserRepository;
import org.mexicop2p.settlement.user.UserService;
import org.mexicop2p.settlement.webhook.WebhookOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * KYC sessions with the provider for MEXICOP2P_PROVIDED partners. The session row is committed as INITIATED before
 * the provider is called (outside any transaction, so a slow provider holds no lock) and then moved to PENDING or
 * FAILED; the provider's verdict arrives later through {@link #completeSession}.
 */
@Singleton
public class KycService {

    public static final int MAX_RETURN_URL_LENGTH = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(KycService.class);

    private final KycProvider provider;
    private final KycSessionRepository sessions;
    private final PartnerUserRepository users;
    private final UserService userService;
    private final PartnerLocks locks;
    private final TransactionOperations<Connection> tx;
    private final WebhookOutbox webhooks;
    private final Clock clock;

    public KycService(KycProvider provider, KycSessionRepository sessions, PartnerUserRepository users,
                      UserService userService, PartnerLocks locks, TransactionOperations<Connection> tx,
                      WebhookOutbox webhooks, Clock clock) {
        this.provider = provider;
        this.sessions = sessions;
        this.users = users;
        this.userService = userService;
        this.locks = locks;
        this.tx = tx;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    public KycSession startSession(Partner partner, String partnerUserRef, KycLevel level, String returnUrl) {
        if (partner.kycModel() == KycModel.PARTNER_MANAGED) {
            throw new RejectedException(Rejection.KYC_NOT_AVAILABLE, "this partner verifies its users itself; "
                    + "register the user again with a kycAttestation to raise its level");
        }
        if (level == KycLevel.NONE) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, "level: BASIC or FULL");
        }
        requireReturnUrl(returnUrl);
        KycSession initiated = tx.executeWrite(status -> {
            PartnerUser user = userService.require(partner, partnerUserRef);
            // Serializes session starts of one partner so the monthly allocation cannot be overrun.
            locks.findByIdForUpdate(partner.id());
            Long limit = partner.tier().monthlyKycSessions();
            Instant now = clock.instant();
            if (limit != null && sessions.countChargeableSince(partner.id(), Periods.startOfMonth(now)) >= limit) {
                throw new RejectedException(Rejection.KYC_LIMIT_REACHED,
                        "the " + partner.tier() + " tier includes " + limit + " KYC sessions per month");
            }
            return sessions.save(new KycSession(UUID.randomUUID(), partner.id(), user.id(), level,
                    KycSession.Status.INITIATED, returnUrl, null, null, now, null));
        });
        KycProvider.SessionStarted started;
        try {
            started = provider.start(new KycProvider.SessionRequest(initiated.id().toString(), level, returnUrl));
        } catch (KycProvider.ProviderException | RuntimeException e) {
            LOG.warn("KYC session {} failed at the provider: {}", initiated.id(), e.getMessage());
            sessions.update(withStatus(initiated, KycSession.Status.FAILED, null, null, clock.instant()));
            throw new RejectedException(Rejection.KYC_SESSION_FAILED,
                    "the KYC provider could not start a session; try again later");
        }
        return sessions.update(withStatus(initiated, KycSession.Status.PENDING, started.providerSessionId(),
                started.sessionUrl(), null));
    }

    /**
     * The provider's verdict. An approval raises the user's level (never lowers it); repeating a verdict for a
     * session that is already decided changes nothing.
     */
    public KycSession completeSession(String providerSessionId, boolean approved) {
        return tx.executeWrite(status -> {
            KycSession session = sessions.findByProviderSessionId(providerSessionId)
                    .orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND,
                            "no KYC session " + providerSessionId));
            if (session.status() != KycSession.Status.PENDING) {
                return session;
            }
            Instant now = clock.instant();
            if (approved) {
                PartnerUser user = users.findById(session.userId()).orElseThrow();
                if (!user.kycLevel().covers(session.level())) {
                    PartnerUser raised = users.update(new PartnerUser(user.id(), user.partnerId(),
                            user.partnerUserRef(), session.level(), now, user.createdAt(), user.version()));
                    webhooks.enqueue(KycUpdatedEvent.of(raised, user.kycLevel()));
                }
            }
            return sessions.update(withStatus(session,
                    approved ? KycSession.Status.APPROVED : KycSession.Status.REJECTED,
                    session.providerSessionId(), session.sessionUrl(), now));
        });
    }

    private static KycSession withStatus(KycSession s, KycSession.Status status, String providerSessionId,
                                         String sessionUrl, Instant completedAt) {
        return new KycSession(s.id(), s.partnerId(), s.userId(), s.level(), status, s.returnUrl(),
                providerSessionId, sessionUrl, s.createdAt(), completedAt);
    }

    private static void requireReturnUrl(String returnUrl) {
        String problem = "returnUrl: required, an absolute http(s) URL of at most " + MAX_RETURN_URL_LENGTH
                + " characters";
        if (returnUrl == null || returnUrl.length() > MAX_RETURN_URL_LENGTH) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, problem);
        }
        try {
            URI uri = new URI(returnUrl);
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new RejectedException(Rejection.VALIDATION_ERROR, problem);
            }
        } catch (URISyntaxException e) {
            throw new RejectedException(Rejection.VALIDATION_ERROR, problem);
        }
    }
}

package org.mexicop2p.settlement.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.Periods;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;
import org.mexicop2p.settlement.UniqueViolations;
import org.mexicop2p.settlement.kyc.KycLevel;
import org.mexicop2p.settlement.order.OrderRepository;
import org.mexicop2p.settlement.partner.KycModel;
import org.mexicop2p.settlement.partner.Partner;
import org.mexicop2p.settlement.partner.PartnerLocks;
import org.mexicop2p.settlement.webhook.WebhookOutbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Registers a partner's users and records partner-made KYC attestations. A PARTNER_MANAGED partner levels a user up
 * by registering the same reference again with a higher attestation; anything else for an existing reference is a
 * DUPLICATE_USER.
 */
@Singleton
public class UserService {

    /** A partner's statement that it verified the user at this level at this time. */
    public record Attestation(KycLevel level, Instant verifiedAt) {
    }

    /** The user and whether this call created it (201) or only raised its level (200). */
    public record Registration(PartnerUser user, boolean created) {
    }

    /** A user with the volume that counts toward its KYC thresholds this month. */
    public record UserView(PartnerUser user, long monthVolumeCentavos) {
    }

    /** How far in the future an attestation's time may be (clock skew between partner and us). */
    static final Duration MAX_ATTESTATION_SKEW = Duration.ofMinutes(5);
    /**
     * The earliest attestation time accepted. Far-past times are typos or garbage, and beyond the databases' range
     * (H2 silently stored year -300000000 as a far-future time; PostgreSQL refuses the row).
     */
    public static final Instant EARLIEST_ATTESTATION = Instant.parse("2000-01-01T00:00:00Z");

    private final PartnerUserRepository users;
    private final PartnerLocks locks;
    private final OrderRepository orders;
    private final WebhookOutbox webhooks;
    private final Clock clock;

    public UserService(PartnerUserRepository users, PartnerLocks locks, OrderRepository orders,
                       WebhookOutbox webhooks, Clock clock) {
        this.users = users;
        this.locks = locks;
        this.orders = orders;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @Transactional
    public Registration register(Partner partner, String partnerUserRef, @Nullable Attestation attestation) {
        UserRefs.require("partnerUserRef", partnerUserRef);
        Instant now = clock.instant();
        if (attestation != null) {
            if (partner.kycModel() != KycModel.PARTNER_MANAGED) {
                throw new RejectedException(Rejection.VALIDATION_ERROR, "kycAttestation: only PARTNER_MANAGED "
                        + "partners attest KYC; start a session with POST /users/{ref}/kyc instead");
            }
            if (attestation.level() == KycLevel.NONE) {
                throw new RejectedException(Rejection.VALIDATION_ERROR, "kycAttestation.level: BASIC or FULL");
            }
            if (attestation.verifiedAt().isAfter(now.plus(MAX_ATTESTATION_SKEW))) {
                throw new RejectedException(Rejection.VALIDATION_ERROR,
                        "kycAttestation.verifiedAt: must not be in the future");
            }
            if (attestation.verifiedAt().isBefore(EARLIEST_ATTESTATION)) {
                throw new RejectedException(Rejection.VALIDATION_ERROR,
                        "kycAttestation.verifiedAt: must not be before " + EARLIEST_ATTESTATION);
            }
        }
        // Serializes registrations of one partner so the monthly user count cannot be overrun by parallel calls.
        locks.findByIdForUpdate(partner.id());
        var existing = users.findByPartnerIdAndPartnerUserRef(partner.id(), partnerUserRef);
        if (existing.isPresent()) {
            PartnerUser user = existing.get();
            if (attestation != null && !user.kycLevel().covers(attestation.level())) {
                PartnerUser raised = users.update(new PartnerUser(user.id(), user.partnerId(),
                        user.partnerUserRef(), attestation.level(), attestation.verifiedAt(), user.createdAt(),
                        user.version()));
                webhooks.enqueue(KycUpdatedEvent.of(raised, user.kycLevel()));
                return new Registration(raised, false);
            }
            throw new RejectedException(Rejection.DUPLICATE_USER,
                    "user " + partnerUserRef + " already exists");
        }
        Long limit = partner.tier().monthlyUsers();
        if (limit != null && users.countRegisteredSince(partner.id(), Periods.startOfMonth(now)) >= limit) {
            throw new RejectedException(Rejection.USER_LIMIT_REACHED,
                    "the " + partner.tier() + " tier allows " + limit + " new users per month");
        }
        KycLevel level = attestation == null ? KycLevel.NONE : attestation.level();
        Instant verifiedAt = attestation == null ? null : attestation.verifiedAt();
        try {
            return new Registration(users.save(new PartnerUser(UUID.randomUUID(), partner.id(), partnerUserRef,
                    level, verifiedAt, now, null)), true);
        } catch (DataAccessException e) {
            // The unique (partner, ref) constraint is the last word if a concurrent insert slipped past the check;
            // any other failure is ours, not the partner's duplicate.
            if (!UniqueViolations.causedBy(e)) {
                throw e;
            }
            throw new RejectedException(Rejection.DUPLICATE_USER, "user " + partnerUserRef + " already exists");
        }
    }

    @Transactional(readOnly = true)
    public UserView view(Partner partner, String partnerUserRef) {
        PartnerUser user = require(partner, partnerUserRef);
        return new UserView(user, orders.sumUserVolumeSince(user.id(), Periods.startOfMonth(clock.instant())));
    }

    /** The user, or NOT_FOUND (also for another partner's reference: partners never see each other's users). */
    public PartnerUser require(Partner partner, String partnerUserRef) {
        UserRefs.require("partnerUserRef", partnerUserRef);
        return users.findByPartnerIdAndPartnerUserRef(partner.id(), partnerUserRef)
                .orElseThrow(() -> new RejectedException(Rejection.NOT_FOUND, "no user " + partnerUserRef));
    }
}

package org.mexicop2p.settlement.user;

import org.mexicop2p.settlement.kyc.KycLevel;
import org.mexicop2p.settlement.webhook.WebhookEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code user.kyc.updated} webhook, queued in the transaction that changes a user's KYC level. */
public final class KycUpdatedEvent {

    public static final String TYPE = "user.kyc.updated";

    private KycUpdatedEvent() {
    }

    /** The event for a user whose level went from {@code previous} to {@code updated.kycLevel()}. */
    public static WebhookEvent of(PartnerUser updated, KycLevel previous) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("partnerUserRef", updated.partnerUserRef());
        data.put("kycLevel", updated.kycLevel().name());
        data.put("previousKycLevel", previous.name());
        if (updated.kycVerifiedAt() != null) {
            data.put("kycVerifiedAt", updated.kycVerifiedAt().toString());
        }
        // The subject is the user: its KYC events reach the partner in the order they happened.
        return new WebhookEvent(updated.partnerId(), TYPE, "user:" + updated.partnerUserRef(), data);
    }
}

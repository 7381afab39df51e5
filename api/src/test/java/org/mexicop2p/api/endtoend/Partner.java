package org.mexicop2p.api.endtoend;

/**
 * A partner as the admin API onboarded it: its id, tier and the one-time secrets (API key, webhook secret) the
 * onboarding answer showed.
 */
public record Partner(String partnerId, String tier, String apiKey, String webhookSecret) {

    /** The {@code X-API-Key} header pair, for {@code ApiClient} calls. */
    public String[] keyHeader() {
        return new String[]{"X-API-Key", apiKey};
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "Partner[" + partnerId + ", " + tier + "]";
    }
}

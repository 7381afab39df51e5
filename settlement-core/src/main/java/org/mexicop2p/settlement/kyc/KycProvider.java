package org.mexicop2p.settlement.kyc;

/**
 * Port to the identity-verification provider used for MEXICOP2P_PROVIDED partners. Implementations start a hosted
 * session and later report its outcome through {@link KycService#completeSession}.
 */
public interface KycProvider {

    /** What the provider needs to start a session. */
    record SessionRequest(String sessionId, KycLevel level, String returnUrl) {
    }

    /** The provider's own session id and the URL the user is redirected to. */
    record SessionStarted(String providerSessionId, String sessionUrl) {
    }

    /** The provider refused or could not be reached. */
    final class ProviderException extends Exception {
        public ProviderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    SessionStarted start(SessionRequest request) throws ProviderException;
}

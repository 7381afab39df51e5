package org.mexicop2p.cep.verify;

import java.util.Objects;
import org.mexicop2p.cep.portal.PortalQuery;

/**
 * How strict {@link CepVerifier#verify} is. The default ({@link #production(TrustStore)}) refuses beta and sandbox
 * certificates and treats the file as an untrusted upload. Immutable; the {@code with…} methods return copies.
 *
 * @param trustStore      the pinned keys
 * @param allowBeta       accept Banxico beta certificates (test data only)
 * @param allowSandbox    accept our sandbox portal's certificate (tests and embedded demo run only)
 * @param fetchedWith     the query we sent to Banxico's portal to get this very file, or null for an upload; only
 *                        then is the tracking key trusted, and an unknown certificate accepted (the TLS connection
 *                        to Banxico is the trust anchor, cep.md §8 step 3a)
 */
public record VerifyOptions(TrustStore trustStore, boolean allowBeta, boolean allowSandbox, PortalQuery fetchedWith) {

    public VerifyOptions {
        Objects.requireNonNull(trustStore, "trustStore");
    }

    /** Production mode: only production certificates, the file is an upload. */
    public static VerifyOptions production(TrustStore trustStore) {
        return new VerifyOptions(trustStore, false, false, null);
    }

    public VerifyOptions withBetaAllowed(boolean allow) {
        return new VerifyOptions(trustStore, allow, allowSandbox, fetchedWith);
    }

    public VerifyOptions withSandboxAllowed(boolean allow) {
        return new VerifyOptions(trustStore, allowBeta, allow, fetchedWith);
    }

    /** The receipt was downloaded by us from the production portal with {@code query}. */
    public VerifyOptions fetchedFromPortal(PortalQuery query) {
        return new VerifyOptions(trustStore, allowBeta, allowSandbox, Objects.requireNonNull(query, "query"));
    }
}

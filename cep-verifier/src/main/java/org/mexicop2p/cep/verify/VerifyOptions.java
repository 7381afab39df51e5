package org.mexicop2p.cep.verify;

import java.util.Objects;
import org.mexicop2p.cep.portal.PortalOutcome;
import org.mexicop2p.cep.portal.PortalQuery;
import org.mexicop2p.cep.portal.PortalResult;

/**
 * How strict {@link CepVerifier#verify} is. The default ({@link #production(TrustStore)}) refuses beta and sandbox
 * certificates and treats the file as an untrusted upload. Immutable; the {@code with…} methods return copies.
 *
 * @param trustStore      the pinned keys
 * @param allowBeta       accept Banxico beta certificates (test data only)
 * @param allowSandbox    accept our sandbox portal's certificate (tests and embedded demo run only)
 * @param fetchedFrom     the portal answer that brought this very file, or null for an upload. Only then is the
 *                        tracking key trusted, and only if it came over HTTPS is an unknown certificate accepted (the
 *                        TLS connection to Banxico is the trust anchor, cep.md §8 step 3a). Only the portal client
 *                        creates a {@link PortalResult}, so an upload cannot claim either
 */
public record VerifyOptions(TrustStore trustStore, boolean allowBeta, boolean allowSandbox, PortalResult fetchedFrom) {

    public VerifyOptions {
        Objects.requireNonNull(trustStore, "trustStore");
        if (fetchedFrom != null && fetchedFrom.outcome() != PortalOutcome.FOUND) {
            throw new IllegalArgumentException("only a FOUND portal answer brings a receipt");
        }
    }

    /** Production mode: only production certificates, the file is an upload. */
    public static VerifyOptions production(TrustStore trustStore) {
        return new VerifyOptions(trustStore, false, false, null);
    }

    public VerifyOptions withBetaAllowed(boolean allow) {
        return new VerifyOptions(trustStore, allow, allowSandbox, fetchedFrom);
    }

    public VerifyOptions withSandboxAllowed(boolean allow) {
        return new VerifyOptions(trustStore, allowBeta, allow, fetchedFrom);
    }

    /** The receipt is the one our portal client downloaded in {@code result}. */
    public VerifyOptions fetchedFromPortal(PortalResult result) {
        return new VerifyOptions(trustStore, allowBeta, allowSandbox, Objects.requireNonNull(result, "result"));
    }

    /** The query we sent to the portal to get this file, or null for an upload. */
    public PortalQuery fetchedWith() {
        return fetchedFrom == null ? null : fetchedFrom.query();
    }

    /** Whether this file came from the portal over HTTPS: only then may its certificate be unknown. */
    public boolean fetchedOverHttps() {
        return fetchedFrom != null && fetchedFrom.fetchedOverHttps();
    }
}

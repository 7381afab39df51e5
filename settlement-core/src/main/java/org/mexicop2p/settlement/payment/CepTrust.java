package org.mexicop2p.settlement.payment;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.mexicop2p.cep.portal.PortalResult;
import org.mexicop2p.cep.verify.CertificateKind;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.TrustedCertificate;
import org.mexicop2p.cep.verify.VerifyOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * The CEP trust store the engine verifies with: {@code mp2p.cep.trust-dir} when set, else the bundled copy of
 * {@code config/cep-trust/}. In sandbox mode every {@link TrustedCertificate} bean of kind SANDBOX (the sandbox
 * portal's signer, registered by whoever starts that portal) is added; outside sandbox mode they are ignored and beta
 * and sandbox certificates are refused.
 */
@Singleton
public class CepTrust {

    private final TrustStore trustStore;
    private final boolean sandboxMode;

    public CepTrust(PaymentSettings settings, @Nullable @Value("${mp2p.cep.trust-dir:}") String trustDir,
                    List<TrustedCertificate> sandboxSigners) {
        TrustStore store = trustDir == null || trustDir.isBlank() ? TrustStore.bundled()
                : TrustStore.load(Path.of(trustDir));
        if (settings.sandboxMode()) {
            for (TrustedCertificate signer : sandboxSigners) {
                if (signer.kind() == CertificateKind.SANDBOX) {
                    store = store.with(signer);
                }
            }
        }
        this.trustStore = store;
        this.sandboxMode = settings.sandboxMode();
    }

    /** Options for a file a buyer uploaded: the tracking key stays unverified, unknown certificates are refused. */
    public VerifyOptions forUpload() {
        return VerifyOptions.production(trustStore).withBetaAllowed(sandboxMode).withSandboxAllowed(sandboxMode);
    }

    /**
     * Options for the file our portal client downloaded in {@code result}: tracking key trusted, unknown certificates
     * accepted only if it came over HTTPS.
     */
    public VerifyOptions forFetched(PortalResult result) {
        return forUpload().fetchedFromPortal(result);
    }
}

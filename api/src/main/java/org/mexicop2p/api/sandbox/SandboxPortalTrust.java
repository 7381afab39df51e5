package org.mexicop2p.api.sandbox;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.mexicop2p.cep.verify.TrustedCertificate;

/**
 * Registers the embedded sandbox portal's CEP signer as a trusted certificate of kind {@code sandbox}, so receipts it
 * issues verify in sandbox mode (and only there: the trust store refuses sandbox signers in production mode).
 */
@Factory
@Requires(property = "mp2p.sandbox.embedded", value = "true")
public class SandboxPortalTrust {

    @Singleton
    TrustedCertificate sandboxPortalSigner(EmbeddedSandbox sandbox) {
        return sandbox.portal().trustedCertificate();
    }
}

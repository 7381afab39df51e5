package org.mexicop2p.api.marketplace;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import org.mexicop2p.cep.portal.BanxicoPortalClient;
import org.mexicop2p.cep.portal.PortalOutcome;
import org.mexicop2p.cep.portal.PortalQuery;
import org.mexicop2p.cep.portal.PortalResult;
import org.mexicop2p.cep.portal.PortalSettings;
import org.mexicop2p.cep.verify.TrustedCertificate;
import org.mexicop2p.sandbox.banxico.SandboxBanxicoPortal;
import org.mexicop2p.sandbox.banxico.SpeiTransfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One sandbox Banxico portal for the test JVM, on 127.0.0.1 and an ephemeral port, and its signer registered as a
 * bean the way the daemon registers it (CepTrust adds it only in sandbox mode). Every daemon a test starts in this JVM
 * trusts it, so it is the one portal all API tests (the end-to-end suite too) pay through: a second portal would sign
 * under the same sandbox certificate number with another key.
 */
@Factory
public class TestPortal {

    private static SandboxBanxicoPortal portal;

    public static synchronized SandboxBanxicoPortal get() {
        if (portal == null) {
            SandboxBanxicoPortal started = new SandboxBanxicoPortal();
            try {
                started.start("127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            portal = started;
        }
        return portal;
    }

    @Bean
    TrustedCertificate sandboxSigner() {
        return get().trustedCertificate();
    }

    public static PortalQuery queryOf(SpeiTransfer transfer) {
        return new PortalQuery(transfer.creditDate(), transfer.trackingKey(), transfer.senderParticipant(),
                transfer.receiverParticipant(), transfer.beneficiaryClabe(), transfer.amountCentavos());
    }

    /** Downloads a transfer's CEP over the real portal protocol, as a buyer would before uploading it. */
    public static byte[] download(SandboxBanxicoPortal from, SpeiTransfer transfer) {
        BanxicoPortalClient client = new BanxicoPortalClient(new PortalSettings(from.portalBaseUrl(), Duration.ZERO,
                Duration.ofMillis(100), Duration.ofSeconds(10)));
        PortalResult result = client.fetch(queryOf(transfer));
        assertEquals(PortalOutcome.FOUND, result.outcome(), result.detail());
        return result.receiptXml();
    }
}

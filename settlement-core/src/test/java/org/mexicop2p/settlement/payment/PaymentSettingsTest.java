package org.mexicop2p.settlement.payment;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Banxico portal URL is checked when the settings are built, i.e. when the daemon starts. */
class PaymentSettingsTest {

    private static PaymentSettings withPortalUrl(String portalUrl) {
        return new PaymentSettings(false, portalUrl, 5000, 900000, 20000, 30000, 600000, 900000);
    }

    @Test
    void theEmbeddedSandboxDefaultAndTheProductionPortalAreAccepted() {
        assertEquals(URI.create("http://127.0.0.1:5060/cep"),
                withPortalUrl("http://127.0.0.1:5060").portal().baseUrl());
        assertEquals(URI.create("https://www.banxico.org.mx/cep"),
                withPortalUrl("https://www.banxico.org.mx/").portal().baseUrl());
    }

    @Test
    void plainHttpToBanxicoIsRefusedAtStartup() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> withPortalUrl("http://www.banxico.org.mx"));

        assertEquals("mp2p.banxico: portal base URL http://www.banxico.org.mx/cep is plain http on a host that is "
                + "not loopback; use https (plain http is only for a sandbox portal on 127.0.0.1, [::1] or localhost)",
                refused.getMessage());
    }
}

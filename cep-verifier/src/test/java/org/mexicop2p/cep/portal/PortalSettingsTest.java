package org.mexicop2p.cep.portal;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain http reaches only a portal on this machine; everything else must be https. */
class PortalSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://www.banxico.org.mx/cep", "http://10.0.0.5:5060/cep", "http://localhost.example/cep",
            "http://127.0.0.1.example/cep", "http://127.0.0.256/cep", "http://[::2]:5060/cep"})
    void plainHttpToAHostThatIsNotLoopbackIsRefused(String url) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PortalSettings.defaults(URI.create(url)));
        assertEquals("portal base URL " + url + " is plain http on a host that is not loopback; use https (plain "
                + "http is only for a sandbox portal on 127.0.0.1, [::1] or localhost)", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.banxico.org.mx/cep", "https://www.banxico.org.mx/cep-beta",
            "http://127.0.0.1:5060/cep", "http://127.1.2.3:5060/cep", "http://localhost:5060/cep",
            "http://[::1]:5060/cep"})
    void httpsAnywhereAndPlainHttpOnLoopbackAreAccepted(String url) {
        assertEquals(URI.create(url), PortalSettings.defaults(URI.create(url)).baseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/cep", "file:///cep"})
    void otherSchemesAreRefused(String url) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortalSettings.defaults(URI.create(url)))
                .getMessage().contains("http(s)"));
    }
}

package org.mexicop2p.settlement.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    private static final byte[] SECRET = "whsec_test_secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"event\":\"order.completed\",\"data\":{\"id\":\"o1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTimestampDotBodyAsLowercaseHexHmacSha256() {
        // Expected value computed independently: printf '1700000000.{body}' | openssl dgst -sha256 -hmac whsec_test_secret
        assertEquals("eb8150bf6a05b3cc03175c060a2ac92b248b6f79ed68cbccd359dfb53313ea09",
                WebhookSignature.sign(SECRET, 1_700_000_000L, BODY));
    }

    @Test
    void verifiesOnlyTheExactTimestampBodyAndSecret() {
        String signature = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);
        assertTrue(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY, signature));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_001L, BODY, signature));
        byte[] edited = BODY.clone();
        edited[edited.length - 3] = 'X';
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_000L, edited, signature));
        assertFalse(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), 1_700_000_000L, BODY, signature));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY, signature.toUpperCase()));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY, signature.substring(2)));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY, null));
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign(new byte[0], 1L, BODY));
    }
}

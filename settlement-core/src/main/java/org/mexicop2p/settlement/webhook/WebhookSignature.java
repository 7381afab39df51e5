package org.mexicop2p.settlement.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The signature partners check on every webhook: {@code X-Webhook-Signature} is the lowercase hex HMAC-SHA256 of
 * {@code "{timestamp}.{body}"} under the partner's webhook secret, where {@code timestamp} is the
 * {@code X-Webhook-Timestamp} header (Unix seconds) and {@code body} the exact bytes sent.
 */
public final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** Signs the exact body bytes that will be sent. */
    public static String sign(byte[] secret, long timestampSeconds, byte[] body) {
        Mac mac = mac(secret);
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        mac.update(body);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /**
     * Checks a received signature in constant time (what a partner's receiver does, and what our tests do). A
     * signature of the wrong length or with non-hex characters is simply not valid.
     */
    public static boolean verify(byte[] secret, long timestampSeconds, byte[] body, String signatureHex) {
        if (signatureHex == null) {
            return false;
        }
        byte[] expected = sign(secret, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHex.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac mac(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}

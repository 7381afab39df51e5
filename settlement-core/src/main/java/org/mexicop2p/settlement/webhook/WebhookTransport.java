package org.mexicop2p.settlement.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one webhook request (the port; core has no HTTP client). Implementations must not follow redirects (a
 * redirect could point past {@link WebhookTargetPolicy}), must give up after {@code timeout}, and must read at most a
 * small, bounded part of the response body.
 */
public interface WebhookTransport {

    /** The receiver's answer, or why there was none ({@code httpStatus} 0). Never throws for network trouble. */
    record Answer(int httpStatus, String error) {
        public static Answer status(int httpStatus) {
            return new Answer(httpStatus, null);
        }

        public static Answer noAnswer(String error) {
            return new Answer(0, error);
        }

        public boolean delivered() {
            return httpStatus >= 200 && httpStatus < 300;
        }
    }

    Answer post(URI url, Map<String, String> headers, byte[] body, Duration timeout);
}

package org.mexicop2p.api.webhook;

import jakarta.inject.Singleton;
import org.mexicop2p.settlement.webhook.WebhookTransport;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * {@link WebhookTransport} on {@code java.net.http}: HTTP/1.1, redirects never followed (a 3xx is just a failed
 * attempt, so a receiver cannot bounce us past the target policy), the wait for the answer bounded by the timeout,
 * and no byte of the answer's body read (only the status counts).
 */
@Singleton
public class JdkWebhookTransport implements WebhookTransport {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Override
    public Answer post(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("User-Agent", "MexicoP2P-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            // Only the status counts. The body is closed unread: reading it could let a receiver that sends headers
            // and then trickles bytes hold a sender past the timeout, which covers only the wait for headers.
            response.body().close();
            return Answer.status(response.statusCode());
        } catch (HttpTimeoutException e) {
            return Answer.noAnswer("TIMEOUT: no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Answer.noAnswer("CONNECTION_FAILED: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            return Answer.noAnswer("IO_ERROR: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.noAnswer("INTERRUPTED: the daemon is stopping");
        }
    }
}

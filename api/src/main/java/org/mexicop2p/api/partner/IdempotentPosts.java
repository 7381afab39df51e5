package org.mexicop2p.api.partner;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.mexicop2p.api.error.ApiError;
import org.mexicop2p.api.error.ApiException;
import org.mexicop2p.api.error.ErrorCode;
import org.mexicop2p.api.error.JsonBody;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.idempotency.Idempotency;
import org.mexicop2p.settlement.partner.Partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a Partner API POST under its optional {@code Idempotency-Key}. Outcomes below 500 (successes and
 * rejections alike) are stored and replayed for the same key and body, with {@code Idempotent-Replayed: true};
 * server-side failures (5xx, including an upstream provider being down) release the key so a retry really retries.
 */
@Singleton
public class IdempotentPosts {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** A handler's successful outcome. */
    public record Outcome(HttpStatus status, Object body) {
    }

    private final Idempotency idempotency;
    private final JsonMapper json;

    public IdempotentPosts(Idempotency idempotency, JsonMapper json) {
        this.idempotency = idempotency;
        this.json = json;
    }

    public MutableHttpResponse<String> run(HttpRequest<?> request, Partner partner, @Nullable String key,
                                           @Nullable byte[] body, Supplier<Outcome> handler) {
        // The same cap as a parsed body, also for the POSTs that take none: their bytes are still hashed and stored.
        if (body != null && body.length > JsonBody.MAX_BYTES) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "body: at most " + JsonBody.MAX_BYTES + " bytes");
        }
        if (key == null) {
            Rendered rendered = execute(handler);
            return respond(rendered.status(), rendered.body());
        }
        if (!Idempotency.wellFormedKey(key)) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, HEADER + ": 1 to "
                    + Idempotency.MAX_KEY_LENGTH + " printable ASCII characters");
        }
        Idempotency.Claim claim = idempotency.claim(partner.id(), key, requestHash(request, body));
        if (claim instanceof Idempotency.Claim.Replay replay) {
            MutableHttpResponse<String> replayed = respond(replay.status(), replay.body());
            replayed.getHeaders().set(REPLAYED_HEADER, "true");
            return replayed;
        }
        if (claim instanceof Idempotency.Claim.KeyReused) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    HEADER + " was already used with a different request; use a new key");
        }
        if (claim instanceof Idempotency.Claim.InProgress) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS,
                    "the first request with this " + HEADER + " is still running; retry shortly");
        }
        UUID recordId = ((Idempotency.Claim.Proceed) claim).recordId();
        Rendered rendered;
        try {
            rendered = execute(handler);
        } catch (RuntimeException unexpected) {
            idempotency.release(recordId);
            throw unexpected;
        }
        if (rendered.status() >= 500) {
            idempotency.release(recordId);
        } else {
            idempotency.complete(recordId, rendered.status(), rendered.body());
        }
        return respond(rendered.status(), rendered.body());
    }

    private record Rendered(int status, String body) {
    }

    private Rendered execute(Supplier<Outcome> handler) {
        try {
            Outcome outcome = handler.get();
            return new Rendered(outcome.status().getCode(), write(outcome.body()));
        } catch (RejectedException e) {
            ErrorCode code = ErrorCode.of(e.rejection());
            return new Rendered(code.status().getCode(), write(new ApiError(code.name(), e.getMessage())));
        } catch (ApiException e) {
            return new Rendered(e.code().status().getCode(), write(new ApiError(e.code().name(), e.getMessage())));
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MutableHttpResponse<String> respond(int status, String body) {
        return HttpResponse.<String>status(HttpStatus.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body);
    }

    /** Method, path and exact body bytes: "the same request" in the Stripe sense. */
    private static String requestHash(HttpRequest<?> request, @Nullable byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethodName() + " " + request.getPath() + "\n").getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                sha.update(body);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

package org.mexicop2p.api.rate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.mexicop2p.settlement.rate.ExchangeRate;
import org.mexicop2p.settlement.rate.ExchangeRateSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The production rate source: Banxico's SIE REST API, series SF43718 (the FIX rate), latest observation
 * ({@code /datos/oportuno}), authenticated by the {@code Bmx-Token} header. Selected by
 * {@code mp2p.rate.source: banxico}; the token comes from {@code mp2p.rate.banxico.token}
 * ({@code MP2P_RATE_BANXICO_TOKEN}) and is never logged.
 */
@Singleton
@Requires(property = "mp2p.rate.source", value = "banxico")
public class BanxicoSieRateSource implements ExchangeRateSource {

    public static final String SERIES_FIX = "SF43718";
    /** A real answer is a few hundred bytes; anything past this is not SIE and is not read further. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final DateTimeFormatter SIE_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final URI url;
    private final String token;
    private final Duration timeout;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;

    public BanxicoSieRateSource(
            @Value("${mp2p.rate.banxico.url}") String url,
            @Value("${mp2p.rate.banxico.token}") String token,
            @Value("${mp2p.rate.banxico.timeout-ms:5000}") long timeoutMs,
            JsonMapper json, Clock clock) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("mp2p.rate.banxico.token (MP2P_RATE_BANXICO_TOKEN) is required");
        }
        this.url = URI.create(url);
        this.token = token.strip();
        this.timeout = Duration.ofMillis(timeoutMs);
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public ExchangeRate fetch() throws SourceUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Bmx-Token", token).header("Accept", "application/json").GET().build();
        byte[] body;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new SourceUnavailableException("Banxico SIE answered HTTP " + response.statusCode(), null);
            }
        } catch (IOException e) {
            throw new SourceUnavailableException("Banxico SIE unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while asking Banxico SIE", e);
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw new SourceUnavailableException("Banxico SIE answer is larger than " + MAX_RESPONSE_BYTES, null);
        }
        return parse(body);
    }

    /** {@code {"bmx":{"series":[{"idSerie":"SF43718","datos":[{"fecha":"dd/MM/yyyy","dato":"18.3365"}]}]}}} */
    ExchangeRate parse(byte[] body) throws SourceUnavailableException {
        try {
            JsonNode series = json.readValue(body, JsonNode.class).get("bmx").get("series").get(0);
            if (!SERIES_FIX.equals(series.get("idSerie").getStringValue())) {
                throw new SourceUnavailableException("Banxico SIE answered another series", null);
            }
            JsonNode latest = series.get("datos").get(0);
            String value = latest.get("dato").getStringValue().replace(",", "");
            if (!value.matches("\\d{1,4}\\.\\d{1,6}")) {
                // Banxico writes "N/E" when there is no observation yet.
                throw new SourceUnavailableException("Banxico SIE has no FIX value: '" + value + "'", null);
            }
            LocalDate date = LocalDate.parse(latest.get("fecha").getStringValue(), SIE_DATE);
            return new ExchangeRate(new BigDecimal(value), date, "BANXICO_FIX", clock.instant());
        } catch (IOException | NullPointerException | IllegalStateException | DateTimeParseException e) {
            throw new SourceUnavailableException("Banxico SIE answer is not the expected JSON", e);
        }
    }
}

package org.mexicop2p.api.rate;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.rate.ExchangeRate;
import org.mexicop2p.settlement.rate.ExchangeRateSource;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SIE client against a local server that answers like Banxico's (shape of a real {@code oportuno} reply). */
class BanxicoSieRateSourceTest {

    static final String PATH = "/SieAPIRest/service/v1/series/SF43718/datos/oportuno";
    static final String REAL_SHAPE = "{\"bmx\":{\"series\":[{\"idSerie\":\"SF43718\",\"titulo\":\"Tipo de cambio "
            + "Pesos por dólar E.U.A. Tipo de cambio para solventar obligaciones denominadas en moneda extranjera "
            + "Fecha de determinación (FIX)\",\"datos\":[{\"fecha\":\"21/11/2025\",\"dato\":\"18.3365\"}]}]}}";

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>(REAL_SHAPE);
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<String> tokenSeen = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, exchange -> {
            tokenSeen.set(exchange.getRequestHeaders().getFirst("Bmx-Token"));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BanxicoSieRateSource source() {
        return new BanxicoSieRateSource("http://127.0.0.1:" + server.getAddress().getPort() + PATH,
                "sie-token-for-tests", 2000, JsonMapper.createDefault(), Clock.systemUTC());
    }

    @Test
    void readsTheLatestFixWithTheToken() throws Exception {
        ExchangeRate rate = source().fetch();
        assertEquals(new BigDecimal("18.3365"), rate.mxnPerUsd());
        assertEquals(LocalDate.of(2025, 11, 21), rate.publishedFor());
        assertEquals("BANXICO_FIX", rate.source());
        assertEquals("sie-token-for-tests", tokenSeen.get());
    }

    @Test
    void noObservationHttpErrorsAndGarbageAreSourceFailures() {
        answer.set(REAL_SHAPE.replace("18.3365", "N/E"));
        assertThrows(ExchangeRateSource.SourceUnavailableException.class, () -> source().fetch());

        answer.set(REAL_SHAPE.replace("SF43718", "SF60653"));
        assertThrows(ExchangeRateSource.SourceUnavailableException.class, () -> source().fetch());

        answer.set("<html>maintenance</html>");
        assertThrows(ExchangeRateSource.SourceUnavailableException.class, () -> source().fetch());

        answer.set("{\"bmx\":{\"series\":[]}}");
        assertThrows(ExchangeRateSource.SourceUnavailableException.class, () -> source().fetch());

        answer.set(REAL_SHAPE);
        status.set(503);
        assertThrows(ExchangeRateSource.SourceUnavailableException.class, () -> source().fetch());
    }

    @Test
    void unreachableIsASourceFailure() {
        BanxicoSieRateSource unreachable = source();
        server.stop(0);
        assertThrows(ExchangeRateSource.SourceUnavailableException.class, unreachable::fetch);
    }

    @Test
    void aTokenIsRequired() {
        assertThrows(IllegalStateException.class, () -> new BanxicoSieRateSource("http://127.0.0.1:1" + PATH, " ",
                2000, JsonMapper.createDefault(), Clock.systemUTC()));
    }
}

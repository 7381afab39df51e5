package org.mexicop2p.api.endtoend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.mexicop2p.api.support.ApiClient.Reply;
import org.mexicop2p.cep.verify.CepVerifier;
import org.mexicop2p.cep.verify.TrustStore;
import org.mexicop2p.cep.verify.VerifyOptions;
import org.mexicop2p.chain.escrow.ReleaseProof;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base of the end-to-end test classes: one {@link EndToEndHarness} (node, portal, database, webhook receiver) and one
 * running daemon per class, shared by its tests, closed after the last one. A class that needs other daemon settings
 * overrides {@link #daemonOverrides()}. Subclasses are tagged {@code @DatabaseTest} so they run on H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndToEndTest {

    protected EndToEndHarness harness;
    protected TradeDriver driver;

    /** Daemon properties this class needs on top of the harness defaults (none by default). */
    protected Map<String, ?> daemonOverrides() {
        return Map.of();
    }

    @BeforeAll
    void startWorldAndDaemon() {
        harness = new EndToEndHarness(daemonOverrides());
        harness.startDaemon();
        driver = harness.driver();
    }

    @AfterAll
    void stopEverything() {
        if (harness != null) {
            harness.close();
        }
    }

    /** The CEP's replay key as an auditor computes it: SHA-256 of the signed cadena, after the sello verifies. */
    protected String replayKey(byte[] cep) {
        return CepVerifier.verify(cep, VerifyOptions.production(TrustStore.of(
                List.of(harness.portal().trustedCertificate()))).withSandboxAllowed(true)).replayKey();
    }

    /** The release proof hash the escrow marks used when it releases against this CEP. */
    protected BigInteger proofHash(byte[] cep) {
        return ReleaseProof.proofHash(replayKey(cep)).getValue();
    }

    /** A peso amount from a JSON answer equals {@code expected}, whatever its scale ("20.7" is "20.70"). */
    protected static void assertMxn(String expected, Object actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(String.valueOf(actual))),
                "expected " + expected + " MXN, got " + actual);
    }

    /** The order's timeline as the Partner API shows it: each step as {@code EVENT->STATUS}. */
    @SuppressWarnings("unchecked")
    protected List<String> timeline(Trade trade) {
        Reply reply = driver.order(trade);
        assertEquals(200, reply.status(), reply.raw());
        return ((List<Map<String, Object>>) reply.get("timeline")).stream()
                .map(step -> step.get("event") + "->" + step.get("status")).toList();
    }
}

package org.mexicop2p.api.endtoend;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.mexicop2p.api.marketplace.TestPortal;
import org.mexicop2p.api.support.ApiClient;
import org.mexicop2p.sandbox.banxico.SandboxBanxicoPortal;
import org.mexicop2p.sandbox.starknet.Felts;
import org.mexicop2p.sandbox.starknet.SandboxNodeConfig;
import org.mexicop2p.sandbox.starknet.SandboxStarknetNode;
import org.mexicop2p.sandbox.webhook.WebhookReceiver;
import org.mexicop2p.testsupport.TestDatabase;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole product on one machine, for end-to-end tests: the outside world the test owns (a sandbox Starknet node,
 * the sandbox Banxico portal, a partner's webhook receiver, one database) and a real daemon started on top of it as a
 * Micronaut {@link EmbeddedServer} on 127.0.0.1 with an ephemeral port. The world outlives the daemon: stop it and
 * start another on the same database and it is a restart (the node keeps its chain, the receiver its log).
 *
 * <p>Why the node's clock lags: the escrow contract's shortest lock is 300 s and the daemon fires its lock-expiry
 * timer on the wall clock at the on-chain expiry plus grace. The node here runs {@link #NODE_CLOCK_LAG_SECONDS} behind
 * the wall clock, so a {@link #SHORT_LOCK_SECONDS} lock ends {@link #SHORT_LOCK_REMAINING_SECONDS} s of wall time
 * after it is taken, and lock-expiry scenarios run in seconds. Longer locks (e.g. an hour) behave as usual.
 *
 * <p>The daemon's deadlines and pollers are short (see {@link #baseDaemonProperties}); a test class passes its own
 * overrides for every start to the constructor, or extra ones to {@link #startDaemon(Map)}.
 */
public final class EndToEndHarness implements AutoCloseable {

    /** The admin API's bearer token in every daemon the harness starts. */
    public static final String ADMIN_TOKEN = "end-to-end-admin-token-0123456789abcdef0123456789";
    /** The shortest lock the escrow contract accepts. */
    public static final long SHORT_LOCK_SECONDS = 300;
    /** How much wall time a {@link #SHORT_LOCK_SECONDS} lock has left when it is taken. */
    public static final long SHORT_LOCK_REMAINING_SECONDS = 4;
    /** How far the node's chain time trails the wall clock. */
    public static final long NODE_CLOCK_LAG_SECONDS = SHORT_LOCK_SECONDS - SHORT_LOCK_REMAINING_SECONDS;
    /** The daemon's grace after a lock's on-chain expiry before it refunds (milliseconds). */
    public static final long LOCK_GRACE_MS = 4_000;

    private final SandboxStarknetNode node;
    private final SandboxBanxicoPortal portal;
    private final TestDatabase database;
    private final Map<String, Object> classOverrides;
    private EmbeddedServer daemon;
    private ApiClient api;
    private Partner partner;
    private WebhookReceiver webhooks;

    /** A world with the harness's default daemon configuration. */
    public EndToEndHarness() {
        this(Map.of());
    }

    /** A world whose every daemon start applies {@code daemonOverrides} on top of the defaults. */
    public EndToEndHarness(Map<String, ?> daemonOverrides) {
        try {
            this.node = SandboxStarknetNode.start(SandboxNodeConfig.ephemeral()
                    .withClockOffsetSeconds(-NODE_CLOCK_LAG_SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox Starknet node", e);
        }
        this.portal = TestPortal.get();
        this.database = TestDatabase.create();
        this.classOverrides = Map.copyOf(daemonOverrides);
    }

    public SandboxStarknetNode node() {
        return node;
    }

    /** The sandbox Banxico portal every daemon of this JVM trusts (see {@link TestPortal}). */
    public SandboxBanxicoPortal portal() {
        return portal;
    }

    public TestDatabase database() {
        return database;
    }

    /**
     * The configuration every daemon gets before overrides: the test database, the node's RPC URL, escrow, tokens and
     * sandbox keys, the portal, the watcher on a 100 ms poll, short deadlines, fast webhook delivery and retries.
     */
    public Map<String, Object> baseDaemonProperties() {
        Map<String, Object> p = new HashMap<>(database.micronautProperties());
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", "-1");
        p.put("mp2p.admin.token", ADMIN_TOKEN);
        // The test owns the node and portal; the daemon must not start its own embedded ones.
        p.put("mp2p.sandbox.embedded", "false");
        p.put("mp2p.sandbox-mode", "true");
        p.put("mp2p.chain.rpc-url", node.rpcUrl().toString());
        p.put("mp2p.chain.escrow-address", Felts.hex(node.escrowAddress()));
        p.put("mp2p.chain.tokens.usdc", Felts.hex(node.usdcAddress()));
        p.put("mp2p.chain.tokens.usdt", Felts.hex(node.usdtAddress()));
        p.put("mp2p.chain.operator-account-address", Felts.hex(node.operator().address()));
        p.put("mp2p.chain.operator-private-key", Felts.hex(node.operator().privateKey()));
        p.put("mp2p.chain.proof-signer-private-key", Felts.hex(node.proofSignerPrivateKey()));
        p.put("mp2p.chain.watcher-enabled", "true");
        p.put("mp2p.chain.poll-interval-ms", "100");
        p.put("mp2p.chain.max-backoff-ms", "1000");
        p.put("mp2p.chain.rpc-timeout-ms", "10000");
        p.put("mp2p.lifecycle.deposit-timeout-ms", "120000");
        p.put("mp2p.lifecycle.listing-timeout-ms", "120000");
        p.put("mp2p.lifecycle.lock-grace-ms", Long.toString(LOCK_GRACE_MS));
        p.put("mp2p.lifecycle.effect-poll-interval", "50ms");
        p.put("mp2p.banxico.portal-url", portal.baseUrl());
        p.put("mp2p.banxico.min-query-interval-ms", "0");
        p.put("mp2p.banxico.throttle-cooldown-ms", "200");
        p.put("mp2p.banxico.request-timeout-ms", "5000");
        p.put("mp2p.banxico.retry-initial-ms", "200");
        p.put("mp2p.banxico.retry-max-ms", "500");
        p.put("mp2p.banxico.fetch-grace-ms", "5000");
        p.put("mp2p.banxico.poll-interval", "100ms");
        // A lock the watcher saw within a second is the lock's start: a receipt credited before it proves nothing.
        p.put("mp2p.payment.lock-seen-slack-ms", "1000");
        p.put("mp2p.webhooks.poll-interval-ms", "50");
        p.put("mp2p.webhooks.timeout-ms", "10000");
        p.put("mp2p.webhooks.lease-ms", "30000");
        p.put("mp2p.webhooks.retry-delays-ms", "250,500,1000,2000,4000");
        p.put("mp2p.marketplace.requests-per-minute", "100000");
        p.put("mp2p.rate-limit.enterprise-requests-per-minute", "100000");
        p.put("mp2p.timers.cluster-checkin-interval-ms", "1000");
        // a killed daemon holds the chain-leader lease until it expires: keep that short so a restart resumes quickly
        p.put("mp2p.leadership.lease-ttl-ms", "3000");
        p.put("mp2p.leadership.renew-interval-ms", "500");
        p.putAll(classOverrides);
        return p;
    }

    /** Starts a daemon with the class's configuration. */
    public EmbeddedServer startDaemon() {
        return startDaemon(Map.of());
    }

    /** Starts a daemon with {@code extra} properties on top of the class's configuration. */
    public EmbeddedServer startDaemon(Map<String, ?> extra) {
        if (daemon != null) {
            throw new IllegalStateException("a daemon is already running; stopDaemon() first");
        }
        Map<String, Object> properties = baseDaemonProperties();
        properties.putAll(extra);
        daemon = ApplicationContext.run(EmbeddedServer.class, properties);
        api = new ApiClient(daemon.getURI(), daemon.getApplicationContext().getBean(JsonMapper.class));
        return daemon;
    }

    /** Stops the running daemon cleanly (its context closes: watcher, timers, senders, HTTP server). */
    public void stopDaemon() {
        if (daemon == null) {
            return;
        }
        try {
            daemon.getApplicationContext().close();
        } finally {
            daemon = null;
            api = null;
        }
    }

    /** The running daemon. */
    public EmbeddedServer daemon() {
        if (daemon == null) {
            throw new IllegalStateException("no daemon is running; startDaemon() first");
        }
        return daemon;
    }

    /** HTTP to the running daemon, as a partner, buyer or operator would speak it. */
    public ApiClient api() {
        daemon();
        return api;
    }

    /** A trade driver bound to this world (and to whichever daemon is running when it is used). */
    public TradeDriver driver() {
        return new TradeDriver(this);
    }

    /**
     * The class's partner (Growth tier, partner-managed KYC), onboarded through the admin API of the running daemon
     * on first use, with a webhook receiver checking its secret registered through {@code PUT /api/v1/webhooks}. It
     * lives in the database and the receiver in the test, so both survive daemon restarts.
     */
    public Partner partner() {
        if (partner == null) {
            TradeDriver driver = driver();
            Partner onboarded = driver.onboardPartner("GROWTH");
            try {
                webhooks = WebhookReceiver.start(0, onboarded.webhookSecret(),
                        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the webhook receiver", e);
            }
            driver.registerWebhookUrl(onboarded, webhooks.url());
            partner = onboarded;
        }
        return partner;
    }

    /** The webhook receiver of {@link #partner()}. */
    public WebhookReceiver webhooks() {
        partner();
        return webhooks;
    }

    /** The receiver's address, for tests that register it for a partner of their own. */
    public URI webhookUrl() {
        return webhooks().url();
    }

    @Override
    public void close() {
        try {
            stopDaemon();
        } finally {
            if (webhooks != null) {
                webhooks.close();
            }
            node.close();
        }
    }
}

package org.mexicop2p.sandbox.starknet;

import com.swmansion.starknet.data.types.Felt;

import java.math.BigInteger;
import java.util.Optional;

/**
 * How to start a {@link SandboxStarknetNode}. Defaults: {@code 127.0.0.1:5050}, chain id {@code SN_MP2P_SANDBOX},
 * auto-mine on, keys generated per start. Keys may be fixed (e.g. for a demo whose daemon config names them); they
 * are sandbox keys and must never be real ones.
 *
 * @param host                  interface to bind; tests and the embedded run use loopback only
 * @param port                  TCP port, 0 for an ephemeral one
 * @param chainId               the chain id felt transactions are signed for
 * @param autoMine              mine every accepted transaction into its own block at once (devnet's default);
 *                              off lets tests hold transactions pending and {@code sandbox_mine} explicitly
 * @param operatorPrivateKey    key of the owner/operator/arbiter account; generated when empty
 * @param proofSignerPrivateKey key whose public key the escrow trusts for release proofs; generated when empty
 * @param httpThreads           threads answering HTTP requests
 * @param clockOffsetSeconds    chain time minus wall-clock time from the genesis block on; negative makes the chain
 *                              lag (a 300 s lock then ends within seconds of wall time, so tests can watch a daemon's
 *                              lock-expiry timer fire without waiting five minutes); at most ten years either way
 */
public record SandboxNodeConfig(String host, int port, BigInteger chainId, boolean autoMine,
                                Optional<BigInteger> operatorPrivateKey, Optional<BigInteger> proofSignerPrivateKey,
                                int httpThreads, long clockOffsetSeconds) {

    public static final int DEFAULT_PORT = 5050;
    public static final BigInteger DEFAULT_CHAIN_ID = Felt.fromShortString("SN_MP2P_SANDBOX").getValue();
    static final long MAX_CLOCK_OFFSET_SECONDS = 10L * 365 * 86_400;

    public SandboxNodeConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (httpThreads < 1 || httpThreads > 64) {
            throw new IllegalArgumentException("httpThreads must be 1..64");
        }
        if (Math.abs(clockOffsetSeconds) > MAX_CLOCK_OFFSET_SECONDS) {
            throw new IllegalArgumentException("clockOffsetSeconds must be within ten years of the wall clock");
        }
    }

    public static SandboxNodeConfig defaults() {
        return new SandboxNodeConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_CHAIN_ID, true, Optional.empty(),
                Optional.empty(), 4, 0);
    }

    /** The defaults on an ephemeral port, for tests. */
    public static SandboxNodeConfig ephemeral() {
        return defaults().withPort(0);
    }

    public SandboxNodeConfig withHost(String newHost) {
        return new SandboxNodeConfig(newHost, port, chainId, autoMine, operatorPrivateKey, proofSignerPrivateKey,
                httpThreads, clockOffsetSeconds);
    }

    public SandboxNodeConfig withPort(int newPort) {
        return new SandboxNodeConfig(host, newPort, chainId, autoMine, operatorPrivateKey, proofSignerPrivateKey,
                httpThreads, clockOffsetSeconds);
    }

    public SandboxNodeConfig withAutoMine(boolean enabled) {
        return new SandboxNodeConfig(host, port, chainId, enabled, operatorPrivateKey, proofSignerPrivateKey,
                httpThreads, clockOffsetSeconds);
    }

    public SandboxNodeConfig withOperatorPrivateKey(BigInteger key) {
        return new SandboxNodeConfig(host, port, chainId, autoMine, Optional.of(key), proofSignerPrivateKey,
                httpThreads, clockOffsetSeconds);
    }

    public SandboxNodeConfig withProofSignerPrivateKey(BigInteger key) {
        return new SandboxNodeConfig(host, port, chainId, autoMine, operatorPrivateKey, Optional.of(key),
                httpThreads, clockOffsetSeconds);
    }

    public SandboxNodeConfig withClockOffsetSeconds(long offsetSeconds) {
        return new SandboxNodeConfig(host, port, chainId, autoMine, operatorPrivateKey, proofSignerPrivateKey,
                httpThreads, offsetSeconds);
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "SandboxNodeConfig[" + host + ":" + port + ", chainId=" + Felts.hex(chainId) + ", autoMine=" + autoMine
                + ", clockOffsetSeconds=" + clockOffsetSeconds + "]";
    }
}

package org.mexicop2p.chain.rpc;

import com.swmansion.starknet.provider.rpc.JsonRpcProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.mexicop2p.chain.ChainConfig;

import java.time.Duration;

/**
 * Builds the one starknet-jvm provider the watcher and the gateway share. {@code ignoreUnknownJsonKeys = true}:
 * nodes add fields across patch versions, and the strict default would fail on them (starknet.md §1.7).
 */
@Factory
public class StarknetRpc {

    @Singleton
    JsonRpcProvider provider(ChainConfig config) {
        return create(config.getRpcUrl(), Duration.ofMillis(config.getRpcTimeoutMs()));
    }

    /** A provider for {@code url} whose every call is bounded by {@code timeout}. */
    public static JsonRpcProvider create(String url, Duration timeout) {
        return new JsonRpcProvider(url, new JdkHttpService(timeout), true);
    }
}

package org.mexicop2p.api;

import io.micronaut.runtime.Micronaut;

/**
 * The settlement daemon's entry point: starts the HTTP APIs, the database migrations and the background workers.
 * With no configuration it runs the embedded default: H2 under {@code ./data}, and the {@code sandbox} environment,
 * which starts a sandbox Starknet node and Banxico portal inside the daemon ({@code application-sandbox.yml}).
 * Naming any environment in {@code MICRONAUT_ENVIRONMENTS} (e.g. {@code production}) leaves the sandbox out.
 */
public final class Daemon {

    private Daemon() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(Daemon.class)
                .defaultEnvironments("sandbox")
                .start();
    }
}

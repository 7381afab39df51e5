package org.mexicop2p.api;

import io.micronaut.runtime.Micronaut;

/**
 * The settlement daemon's entry point: starts the HTTP APIs, the database migrations and the background workers.
 * With no configuration it runs the embedded default (H2 under {@code ./data} plus the sandbox chain and portal).
 */
public final class Daemon {

    private Daemon() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(Daemon.class)
                .start();
    }
}

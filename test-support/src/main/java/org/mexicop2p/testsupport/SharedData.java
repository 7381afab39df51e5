package org.mexicop2p.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's {@code ../shared} folder (real CEP samples, the Starknet RPC spec, portal pages), which the
 * build passes to tests as the {@code mp2p.shared.dir} system property.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared folder itself. */
    public static Path root() {
        String configured = System.getProperty("mp2p.shared.dir");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("shared data folder not found at " + root.toAbsolutePath()
                    + "; clone the project next to shared/ or set -Dmp2p.shared.dir");
        }
        return root.normalize();
    }

    /** A path inside the shared folder, e.g. {@code path("data/cep/samples")}. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }
}

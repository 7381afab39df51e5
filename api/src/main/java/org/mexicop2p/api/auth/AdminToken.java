package org.mexicop2p.api.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The operator's bearer token for {@code /admin/v1}: {@code MP2P_ADMIN_TOKEN} if set, otherwise the token stored in
 * {@code <data dir>/admin-token} (created with a random value and permissions 0600 on first start). The daemon logs
 * where the token is, never the token. Only its SHA-256 is kept in memory, and requests are compared in constant time.
 */
@Context
public class AdminToken {

    /** Shortest acceptable configured token: 128 bits of hex or more. */
    static final int MIN_LENGTH = 32;
    static final String FILE_NAME = "admin-token";
    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] tokenDigest;

    public AdminToken(@Nullable @Value("${mp2p.admin.token:}") String configured,
                      @Value("${mp2p.data-dir}") String dataDir) {
        String token;
        if (configured != null && !configured.isBlank()) {
            if (configured.strip().length() < MIN_LENGTH) {
                throw new IllegalStateException("MP2P_ADMIN_TOKEN must be at least " + MIN_LENGTH + " characters");
            }
            token = configured.strip();
            LOG.info("admin API token taken from MP2P_ADMIN_TOKEN");
        } else {
            token = readOrCreate(Path.of(dataDir).resolve(FILE_NAME));
        }
        this.tokenDigest = sha256(token);
    }

    private static String readOrCreate(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String token = HexFormat.of().formatHex(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
                    LOG.info("admin API token generated and stored in {}", file.toAbsolutePath());
                    return token;
                } catch (FileAlreadyExistsException raced) {
                    // another instance created it first; read theirs below
                }
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.length() < MIN_LENGTH) {
                throw new IllegalStateException(file.toAbsolutePath() + " holds no usable admin token");
            }
            LOG.info("admin API token read from {}", file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }

    /** Constant-time comparison of digests, so timing reveals nothing about the token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

package org.mexicop2p.api.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminTokenTest {

    @Test
    void generatedOnceIntoTheDataDirWithOwnerOnlyPermissions(@TempDir Path dataDir) throws Exception {
        AdminToken first = new AdminToken("", dataDir.resolve("nested").toString());
        Path file = dataDir.resolve("nested").resolve(AdminToken.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file).strip();
        assertEquals(64, token.length());
        assertTrue(first.matches(token));
        assertFalse(first.matches(token.substring(1)));

        AdminToken restarted = new AdminToken(null, dataDir.resolve("nested").toString());
        assertTrue(restarted.matches(token), "a restart reuses the stored token");
    }

    @Test
    void configuredTokenWinsAndMustBeLongEnough(@TempDir Path dataDir) {
        AdminToken configured = new AdminToken("x".repeat(40), dataDir.toString());
        assertTrue(configured.matches("x".repeat(40)));
        assertFalse(Files.exists(dataDir.resolve(AdminToken.FILE_NAME)));
        assertThrows(IllegalStateException.class, () -> new AdminToken("short", dataDir.toString()));
    }
}

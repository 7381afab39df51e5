package org.mexicop2p.cep.clabe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The table of SPEI participants (CLABE prefix → SPEI code → name), shipped with the library from the participant
 * list in {@code spei-participants.csv}. Immutable and safe to share.
 */
public final class SpeiParticipants {

    private static final SpeiParticipants BUNDLED = load();

    private final Map<String, SpeiParticipant> byPrefix;
    private final Map<String, SpeiParticipant> bySpeiCode;

    private SpeiParticipants(Map<String, SpeiParticipant> byPrefix, Map<String, SpeiParticipant> bySpeiCode) {
        this.byPrefix = Collections.unmodifiableMap(byPrefix);
        this.bySpeiCode = Collections.unmodifiableMap(bySpeiCode);
    }

    /** The table bundled with this library. */
    public static SpeiParticipants bundled() {
        return BUNDLED;
    }

    /** The participant whose CLABEs start with this 3-digit prefix. */
    public Optional<SpeiParticipant> byClabePrefix(String prefix) {
        return Optional.ofNullable(byPrefix.get(prefix));
    }

    /** The participant with this SPEI code (e.g. {@code 90723}). */
    public Optional<SpeiParticipant> bySpeiCode(String speiCode) {
        return Optional.ofNullable(bySpeiCode.get(speiCode));
    }

    public int size() {
        return byPrefix.size();
    }

    private static SpeiParticipants load() {
        Map<String, SpeiParticipant> byPrefix = new LinkedHashMap<>();
        Map<String, SpeiParticipant> byCode = new LinkedHashMap<>();
        try (InputStream in = SpeiParticipants.class.getResourceAsStream("spei-participants.csv")) {
            if (in == null) {
                throw new IllegalStateException("spei-participants.csv is missing from the cep-verifier jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (header == null || !header.startsWith("clabe_prefix_abm3,spei_participant_code,")) {
                throw new IllegalStateException("unexpected header in spei-participants.csv: " + header);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split(",", 3);
                SpeiParticipant p = new SpeiParticipant(cols[0].trim(), cols[1].trim(), cols[2].trim());
                byPrefix.put(p.clabePrefix(), p);
                byCode.put(p.speiCode(), p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpeiParticipants(byPrefix, byCode);
    }
}

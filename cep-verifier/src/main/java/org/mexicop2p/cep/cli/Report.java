package org.mexicop2p.cep.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.MatchResult;
import org.mexicop2p.cep.verify.Reason;
import org.mexicop2p.cep.verify.SignedPaymentFacts;
import org.mexicop2p.cep.verify.Verdict;

/**
 * Writes one line per receipt (text or JSON), flags replays within the run, keeps the counts and shows progress on
 * a terminal. {@link #add} is used from one thread, in input order; {@link #render} runs on the workers, so the
 * one thread that must see every receipt in order only looks up the replay key, counts and copies bytes.
 */
final class Report {

    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    private final OutputStream out;
    private final boolean json;
    private final PrintStream progress;
    private final ReplayKeySet seen = new ReplayKeySet();
    private int number;
    private int valid;
    private int invalid;
    private int unverifiable;
    private int unreadable;
    private long lastProgressNanos = System.nanoTime();

    /** @param progress where to show progress (a terminal), or null for none */
    Report(OutputStream out, boolean json, PrintStream progress) {
        this.out = out;
        this.json = json;
        this.progress = progress;
    }

    /** One receipt's outcome and its output line rendered as if it were not a replay (the common case). */
    record Line(CepVerifyCommand.Checked checked, Verdict verdict, byte[] utf8) {
    }

    /** Renders {@code checked} as the line it gets unless it turns out to repeat an earlier receipt. */
    static Line render(CepVerifyCommand.Checked checked, boolean json, Utf8Line scratch) {
        scratch.clear();
        Verdict verdict = checked.ioError() != null ? null : write(checked, 0, json, scratch);
        if (verdict == null) {
            writeUnreadable(checked, json, scratch);
        }
        return new Line(checked, verdict, scratch.toByteArray());
    }

    void add(Line line) {
        number++;
        CepVerifyCommand.Checked checked = line.checked();
        Verdict verdict = line.verdict();
        byte[] utf8 = line.utf8();
        if (verdict == null) {
            unreadable++;
        } else {
            CepVerification v = checked.verification();
            int duplicateOf = v.replayKey() == null ? 0 : seen.recordOrFind(checked.replayKeyHigh(),
                    checked.replayKeyLow(), number);
            if (duplicateOf != 0) {
                // Rare: render again here, with the receipt number only the in-order thread knows.
                Utf8Line again = new Utf8Line();
                verdict = write(checked, duplicateOf, json, again);
                utf8 = again.toByteArray();
            }
            switch (verdict) {
                case VALID -> valid++;
                case INVALID -> invalid++;
                case UNVERIFIABLE -> unverifiable++;
            }
        }
        try {
            out.write(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        showProgress();
    }

    /** Writes the summary and returns the exit code. */
    int finish() throws IOException {
        if (progress != null) {
            progress.print("\r\033[K");
            progress.flush();
        }
        String summary = valid + " valid, " + invalid + " invalid, " + unverifiable + " unverifiable"
                + (unreadable > 0 ? ", " + unreadable + " unreadable" : "");
        if (json) {
            out.flush();
            if (progress != null) {
                progress.println(summary);
            }
        } else {
            out.write((summary + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (unreadable > 0 || number == 0) {
            return CepVerifyCommand.EXIT_USAGE_OR_IO;
        }
        return valid == number ? CepVerifyCommand.EXIT_ALL_VALID : CepVerifyCommand.EXIT_NOT_ALL_VALID;
    }

    void flushQuietly() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // Already failing with an I/O error; the caller reports that one.
        }
    }

    private void showProgress() {
        if (progress == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
            lastProgressNanos = now;
            progress.print("\r" + number + " receipts checked (" + valid + " valid)");
            progress.flush();
        }
    }

    /**
     * Appends the line of a readable receipt that repeats receipt {@code duplicateOf} (0: none) and returns its
     * verdict.
     */
    private static Verdict write(CepVerifyCommand.Checked checked, int duplicateOf, boolean json, Utf8Line line) {
        CepVerification v = checked.verification();
        MatchResult match = checked.match();
        String reason;
        Verdict verdict;
        if (!v.isValid()) {
            reason = v.reason().name();
            verdict = v.verdict();
        } else if (duplicateOf != 0) {
            reason = Reason.DUPLICATE_RECEIPT.name();
            verdict = Reason.DUPLICATE_RECEIPT.verdict();
        } else if (match != null && !match.matched()) {
            reason = match.reason().name();
            verdict = Verdict.INVALID;
        } else {
            reason = Reason.OK.name();
            verdict = Verdict.VALID;
        }
        String detail = duplicateOf != 0 && v.isValid() ? "same signed cadena as receipt #" + duplicateOf
                : match != null && !match.matched() ? match.detail()
                : v.detail();
        if (json) {
            writeJson(line, checked.name(), verdict, reason, detail, v, duplicateOf);
        } else {
            writeText(line, checked.name(), verdict, reason, detail, v, duplicateOf);
        }
        return verdict;
    }

    private static void writeText(Utf8Line line, String name, Verdict verdict, String reason, String detail,
                                  CepVerification v, int duplicateOf) {
        SignedPaymentFacts f = v.facts();
        // One loop over the pieces rather than an append call per piece: a short run's JIT compiles the append once.
        // Every piece is escaped: a file name or a cadena field with a line break must not forge another line.
        String[] pieces = f == null ? new String[] {verdict.name(), " ", reason, " ", name}
                : new String[] {verdict.name(), " ", reason, " ", name,
                    " amount=", amount(new Utf8Line(24), f.amount()).toString(),
                    " beneficiary=", f.beneficiaryAccount(),
                    " credited=", time(date(new Utf8Line(24), f.creditDate()).ascii('T'), f.creditTime()).toString(),
                    " certificate=", f.certificateNumber(),
                    " replay=", v.replayKey().substring(0, 16)};
        for (String piece : pieces) {
            line.escaped(piece);
        }
        if (duplicateOf != 0) {
            line.text(" duplicate-of=#").number(duplicateOf);
        }
        if (verdict != Verdict.VALID) {
            line.text(" -- ").escaped(detail);
        }
        line.ascii('\n');
    }

    private static void writeUnreadable(CepVerifyCommand.Checked checked, boolean json, Utf8Line line) {
        if (json) {
            line.ascii('{');
            field(line, "file", checked.name());
            field(line, "verdict", "UNREADABLE");
            field(line, "reason", "IO_ERROR");
            string(line, "detail", checked.ioError()).text("}\n");
        } else {
            line.text("UNREADABLE IO_ERROR ").escaped(checked.name()).text(" -- ").escaped(checked.ioError())
                    .ascii('\n');
        }
    }

    private static void writeJson(Utf8Line line, String name, Verdict verdict, String reason, String detail,
                                  CepVerification v, int duplicateOf) {
        line.ascii('{');
        field(line, "file", name);
        field(line, "verdict", verdict.name());
        field(line, "reason", reason);
        field(line, "detail", detail);
        SignedPaymentFacts f = v.facts();
        if (f != null) {
            line.text("\"tipo\":").number(f.tipo()).ascii(',');
            date(line.text("\"operationDate\":\""), f.operationDate()).text("\",");
            date(line.text("\"creditDate\":\""), f.creditDate()).text("\",");
            time(line.text("\"creditTime\":\""), f.creditTime()).text("\",");
            field(line, "receivingParticipant", f.receivingParticipant());
            field(line, "senderBank", f.senderBank());
            field(line, "senderName", f.senderName());
            field(line, "senderAccount", f.senderAccount());
            field(line, "beneficiaryName", f.beneficiaryName());
            field(line, "beneficiaryAccount", f.beneficiaryAccount());
            field(line, "concept", f.concept());
            amount(line.text("\"amount\":\""), f.amount()).text("\",");
            field(line, "certificateNumber", f.certificateNumber());
            field(line, "layout", f.layout().name());
            field(line, "replayKey", v.replayKey());
            field(line, "trackingKey", v.trackingKey());
            line.text("\"trackingKeyTrusted\":").text(v.trackingKeyTrusted() ? "true" : "false").ascii(',');
        }
        line.text("\"duplicateOf\":");
        if (duplicateOf == 0) {
            line.text("null");
        } else {
            line.number(duplicateOf);
        }
        line.text("}\n");
    }

    private static void field(Utf8Line line, String key, String value) {
        string(line, key, value).ascii(',');
    }

    private static Utf8Line string(Utf8Line line, String key, String value) {
        line.ascii('"').text(key).text("\":");
        return value == null ? line.text("null") : line.ascii('"').jsonEscaped(value).ascii('"');
    }

    /**
     * {@link BigDecimal#toPlainString()} of a non-negative amount of scale 2 (every signed amount), written from its
     * digits; any other amount as that method writes it.
     */
    static Utf8Line amount(Utf8Line line, BigDecimal amount) {
        BigInteger unscaled = amount.unscaledValue();
        if (amount.scale() != 2 || unscaled.signum() < 0 || unscaled.bitLength() > 62) {
            return line.text(amount.toPlainString());
        }
        long centavos = unscaled.longValue();
        return line.number(centavos / 100).ascii('.').twoDigits((int) (centavos % 100));
    }

    /** {@link LocalDate#toString()} (ISO), written from the fields for the four-digit years a cadena holds. */
    static Utf8Line date(Utf8Line line, LocalDate date) {
        int year = date.getYear();
        if (year < 1000 || year > 9999) {
            return line.text(date.toString());
        }
        return line.twoDigits(year / 100).twoDigits(year % 100).ascii('-').twoDigits(date.getMonthValue()).ascii('-')
                .twoDigits(date.getDayOfMonth());
    }

    /** {@link LocalTime#toString()}: seconds only when not zero, as that method writes them; nanos never occur. */
    static Utf8Line time(Utf8Line line, LocalTime time) {
        if (time.getNano() != 0) {
            return line.text(time.toString());
        }
        line.twoDigits(time.getHour()).ascii(':').twoDigits(time.getMinute());
        return time.getSecond() == 0 ? line : line.ascii(':').twoDigits(time.getSecond());
    }
}

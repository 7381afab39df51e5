package org.mexicop2p.cep.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    static Line render(CepVerifyCommand.Checked checked, boolean json, StringBuilder scratch) {
        scratch.setLength(0);
        Verdict verdict = checked.ioError() != null ? null : write(checked, 0, json, scratch);
        if (verdict == null) {
            writeUnreadable(checked, json, scratch);
        }
        return new Line(checked, verdict, scratch.toString().getBytes(StandardCharsets.UTF_8));
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
                StringBuilder again = new StringBuilder(768);
                verdict = write(checked, duplicateOf, json, again);
                utf8 = again.toString().getBytes(StandardCharsets.UTF_8);
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
    private static Verdict write(CepVerifyCommand.Checked checked, int duplicateOf, boolean json,
                                 StringBuilder line) {
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

    private static void writeText(StringBuilder line, String name, Verdict verdict, String reason, String detail,
                                  CepVerification v, int duplicateOf) {
        line.append(verdict).append(' ').append(reason).append(' ').append(name);
        SignedPaymentFacts f = v.facts();
        if (f != null) {
            line.append(" amount=").append(f.amount().toPlainString())
                    .append(" beneficiary=").append(f.beneficiaryAccount())
                    .append(" credited=").append(f.creditDate()).append('T').append(f.creditTime())
                    .append(" certificate=").append(f.certificateNumber())
                    .append(" replay=").append(v.replayKey(), 0, 16);
        }
        if (duplicateOf != 0) {
            line.append(" duplicate-of=#").append(duplicateOf);
        }
        if (verdict != Verdict.VALID) {
            line.append(" -- ").append(detail);
        }
        line.append('\n');
    }

    private static void writeUnreadable(CepVerifyCommand.Checked checked, boolean json, StringBuilder line) {
        if (json) {
            line.append('{');
            field(line, "file", checked.name());
            field(line, "verdict", "UNREADABLE");
            field(line, "reason", "IO_ERROR");
            field(line, "detail", checked.ioError());
            line.setLength(line.length() - 1);
            line.append("}\n");
        } else {
            line.append("UNREADABLE IO_ERROR ").append(checked.name()).append(" -- ").append(checked.ioError())
                    .append('\n');
        }
    }

    private static void writeJson(StringBuilder line, String name, Verdict verdict, String reason, String detail,
                                  CepVerification v, int duplicateOf) {
        line.append('{');
        field(line, "file", name);
        field(line, "verdict", verdict.name());
        field(line, "reason", reason);
        field(line, "detail", detail);
        SignedPaymentFacts f = v.facts();
        if (f != null) {
            line.append("\"tipo\":").append(f.tipo()).append(',');
            field(line, "operationDate", f.operationDate().toString());
            field(line, "creditDate", f.creditDate().toString());
            field(line, "creditTime", f.creditTime().toString());
            field(line, "receivingParticipant", f.receivingParticipant());
            field(line, "senderBank", f.senderBank());
            field(line, "senderName", f.senderName());
            field(line, "senderAccount", f.senderAccount());
            field(line, "beneficiaryName", f.beneficiaryName());
            field(line, "beneficiaryAccount", f.beneficiaryAccount());
            field(line, "concept", f.concept());
            field(line, "amount", f.amount().toPlainString());
            field(line, "certificateNumber", f.certificateNumber());
            field(line, "layout", f.layout().name());
            field(line, "replayKey", v.replayKey());
            field(line, "trackingKey", v.trackingKey());
            line.append("\"trackingKeyTrusted\":").append(v.trackingKeyTrusted()).append(',');
        }
        line.append("\"duplicateOf\":").append(duplicateOf == 0 ? "null" : Integer.toString(duplicateOf));
        line.append("}\n");
    }

    private static void field(StringBuilder line, String key, String value) {
        line.append('"').append(key).append("\":");
        if (value == null) {
            line.append("null");
        } else {
            line.append('"');
            Json.escape(line, value);
            line.append('"');
        }
        line.append(',');
    }
}

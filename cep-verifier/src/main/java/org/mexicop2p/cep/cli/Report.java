package org.mexicop2p.cep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.mexicop2p.cep.verify.CepVerification;
import org.mexicop2p.cep.verify.Reason;
import org.mexicop2p.cep.verify.SignedPaymentFacts;
import org.mexicop2p.cep.verify.Verdict;

/**
 * Writes one line per receipt (text or JSON), flags replays within the run, keeps the counts and shows progress on
 * a terminal. Used from one thread, in input order.
 */
final class Report {

    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    private final Writer out;
    private final boolean json;
    private final PrintWriter progress;
    private final ReplayKeySet seen = new ReplayKeySet();
    private int number;
    private int valid;
    private int invalid;
    private int unverifiable;
    private int unreadable;
    private long lastProgressNanos = System.nanoTime();

    /** @param progress where to show progress (a terminal), or null for none */
    Report(Writer out, boolean json, PrintWriter progress) {
        this.out = out;
        this.json = json;
        this.progress = progress;
    }

    void add(CepVerifyCommand.Checked checked) {
        number++;
        try {
            if (checked.ioError() != null) {
                unreadable++;
                writeUnreadable(checked);
            } else {
                CepVerification v = checked.verification();
                int duplicateOf = v.replayKey() == null ? 0 : seen.recordOrFind(v.replayKey(), number);
                String reason;
                Verdict verdict;
                if (!v.isValid()) {
                    reason = v.reason().name();
                    verdict = v.verdict();
                } else if (duplicateOf != 0) {
                    reason = Reason.DUPLICATE_RECEIPT.name();
                    verdict = Reason.DUPLICATE_RECEIPT.verdict();
                } else if (checked.match() != null && !checked.match().matched()) {
                    reason = checked.match().reason().name();
                    verdict = Verdict.INVALID;
                } else {
                    reason = Reason.OK.name();
                    verdict = Verdict.VALID;
                }
                String detail = duplicateOf != 0 && v.isValid() ? "same signed cadena as receipt #" + duplicateOf
                        : checked.match() != null && !checked.match().matched() ? checked.match().detail()
                        : v.detail();
                switch (verdict) {
                    case VALID -> valid++;
                    case INVALID -> invalid++;
                    case UNVERIFIABLE -> unverifiable++;
                }
                if (json) {
                    writeJson(checked.name(), verdict, reason, detail, v, duplicateOf);
                } else {
                    writeText(checked.name(), verdict, reason, detail, v, duplicateOf);
                }
            }
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
            out.write(summary);
            out.write('\n');
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

    private void writeText(String name, Verdict verdict, String reason, String detail, CepVerification v,
                           int duplicateOf) throws IOException {
        StringBuilder line = new StringBuilder(256);
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
        out.write(line.append('\n').toString());
    }

    private void writeUnreadable(CepVerifyCommand.Checked checked) throws IOException {
        if (json) {
            StringBuilder line = new StringBuilder(128).append('{');
            field(line, "file", checked.name());
            field(line, "verdict", "UNREADABLE");
            field(line, "reason", "IO_ERROR");
            field(line, "detail", checked.ioError());
            line.setLength(line.length() - 1);
            out.write(line.append("}\n").toString());
        } else {
            out.write("UNREADABLE IO_ERROR " + checked.name() + " -- " + checked.ioError() + "\n");
        }
    }

    private void writeJson(String name, Verdict verdict, String reason, String detail, CepVerification v,
                           int duplicateOf) throws IOException {
        StringBuilder line = new StringBuilder(768).append('{');
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
        out.write(line.append("}\n").toString());
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

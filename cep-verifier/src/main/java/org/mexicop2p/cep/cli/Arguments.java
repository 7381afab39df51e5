package org.mexicop2p.cep.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code cep-verify}, read by hand. Why not an argument library: the command is run once per
 * audit over many receipts and its start-up counts in the throughput auditors see; the library we used before cost
 * about a quarter of a second of CPU at every start (some 200 classes and their annotations read reflectively), as
 * much as verifying three thousand receipts. Eight options do not need it.
 *
 * <p>Accepted: {@code --name value} and {@code --name=value}; {@code --} ends the options. Every problem is a
 * {@link UsageException} with a sentence for the user.
 *
 * @param trustDir     {@code --trust}, or null for the bundled store
 * @param allowBeta    {@code --allow-beta}
 * @param allowSandbox {@code --allow-sandbox}
 * @param expectAmount {@code --expect-amount} as written (checked by the command), or null
 * @param expectClabe  {@code --expect-clabe} as written (checked by the command), or null
 * @param json         {@code --format json} (default text)
 * @param threads      {@code --threads}, or null for the CPU count
 * @param paths        the receipts, folders and zips to check; at least one unless help or version is asked
 * @param help         {@code -h}/{@code --help}
 * @param version      {@code -V}/{@code --version}
 */
record Arguments(Path trustDir, boolean allowBeta, boolean allowSandbox, String expectAmount, String expectClabe,
                 boolean json, Integer threads, List<Path> paths, boolean help, boolean version) {

    static final String VERSION = "cep-verify 0.1";
    static final int MAX_THREADS = 64;
    /** Longest option value accepted (a path, an amount, a CLABE): bounds what an error message may echo. */
    private static final int MAX_VALUE_CHARS = 4096;

    static final String USAGE = """
            Usage: cep-verify [--trust DIR] [--allow-beta] [--allow-sandbox] [--expect-amount PESOS]
                              [--expect-clabe CLABE] [--format text|json] [--threads N] PATH...
            Re-verifies SPEI CEP receipts offline: sello, certificate, cadena consistency, replay.
                  PATH...                Receipt files, folders (recursive) or zips.
                  --trust DIR            Trust store folder (index.csv + keys).
                                         Default: the bundled store (config/cep-trust).
                  --allow-beta           Accept Banxico beta (test) certificates.
                  --allow-sandbox        Accept sandbox portal certificates.
                  --expect-amount PESOS  Every receipt must pay exactly this, e.g. 3414.95.
                  --expect-clabe CLABE   Every receipt must credit this CLABE.
                  --format text|json     text: one line per receipt and a summary;
                                         json: one object per line.
                  --threads N            Verification threads, 1..64 (default: CPU count).
              -h, --help                 Show this help message and exit.
              -V, --version              Print version information and exit.
            Exit status: 0 every receipt VALID, 1 otherwise, 2 usage or I/O error.
            """;

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Arguments parse(String... args) throws UsageException {
        Path trustDir = null;
        boolean allowBeta = false;
        boolean allowSandbox = false;
        String expectAmount = null;
        String expectClabe = null;
        boolean json = false;
        Integer threads = null;
        boolean help = false;
        boolean version = false;
        List<Path> paths = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                paths.add(path(arg, "PATH"));
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            String inline = equals > 0 ? arg.substring(equals + 1) : null;
            switch (name) {
                case "--" -> optionsEnded = noValue(name, inline);
                case "-h", "--help" -> help = noValue(name, inline);
                case "-V", "--version" -> version = noValue(name, inline);
                case "--allow-beta" -> allowBeta = noValue(name, inline);
                case "--allow-sandbox" -> allowSandbox = noValue(name, inline);
                case "--trust", "--expect-amount", "--expect-clabe", "--format", "--threads" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 == args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    if (value.length() > MAX_VALUE_CHARS) {
                        throw new UsageException(name + " takes at most " + MAX_VALUE_CHARS + " characters");
                    }
                    switch (name) {
                        case "--trust" -> trustDir = path(value, name);
                        case "--expect-amount" -> expectAmount = value;
                        case "--expect-clabe" -> expectClabe = value;
                        case "--format" -> json = json(value);
                        default -> threads = threads(value);
                    }
                }
                default -> throw new UsageException("unknown option " + shorten(name));
            }
        }
        if (paths.isEmpty() && !help && !version) {
            throw new UsageException("at least one PATH (file, folder or zip) is required");
        }
        return new Arguments(trustDir, allowBeta, allowSandbox, expectAmount, expectClabe, json, threads,
                List.copyOf(paths), help, version);
    }

    /** A flag is on when present; {@code --flag=value} is a mistake worth saying, not a value to ignore. */
    private static boolean noValue(String name, String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException(name + " takes no value");
        }
        return true;
    }

    private static Path path(String value, String what) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(what + " is not a valid path: " + e.getReason());
        }
    }

    private static boolean json(String value) throws UsageException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UsageException("--format must be text or json");
        };
    }

    private static Integer threads(String value) throws UsageException {
        int threads;
        try {
            threads = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new UsageException("--threads must be 1.." + MAX_THREADS);
        }
        return threads;
    }

    /** An unknown option is echoed back, but never more than a line of it. */
    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}

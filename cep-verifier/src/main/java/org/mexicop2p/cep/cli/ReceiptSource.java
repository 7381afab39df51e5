package org.mexicop2p.cep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.mexicop2p.cep.receipt.CepXmlParser;

/**
 * Walks the command's PATH arguments and hands each receipt to a consumer, one at a time: a file, every regular
 * file under a folder (recursively, hidden files and folders skipped), or every entry of a zip. Nothing is
 * collected, so a million receipts cost no more memory than one. Files are read lazily by whoever verifies them;
 * zip entries are read here (a zip can only be read in order), at most {@link CepXmlParser#MAX_RECEIPT_BYTES} + 1
 * bytes each.
 */
final class ReceiptSource {

    /** One receipt to check: its display name and how to get its bytes. */
    interface Receipt {
        String name();

        /** The bytes, at most the parser's cap + 1 (enough for it to say TOO_LARGE without reading the rest). */
        byte[] read() throws IOException;
    }

    /** The parser's cap + 1: enough for it to say TOO_LARGE without reading the rest of a huge file. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CepXmlParser.MAX_RECEIPT_BYTES + 1));

    private ReceiptSource() {
    }

    static void forEach(Iterable<Path> paths, Consumer<Receipt> consumer) throws IOException {
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                walk(path, consumer);
            } else if (Files.isRegularFile(path)) {
                file(path, consumer);
            } else {
                throw new IOException(path + ": no such file or folder");
            }
        }
    }

    /**
     * Every regular file under {@code root}, hidden ones (a name starting with a dot) and everything in hidden
     * folders skipped. A visitor rather than a stream of paths: the walk hands over the attributes it has already
     * read (no second stat per file), skips a hidden folder without entering it, and costs the JIT no stream
     * machinery to compile in a short run.
     */
    private static void walk(Path root, Consumer<Receipt> consumer) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile() && !isHidden(file)) {
                    file(file, consumer);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static void file(Path file, Consumer<Receipt> consumer) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            zip(file, consumer);
            return;
        }
        consumer.accept(new Receipt() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public byte[] read() throws IOException {
                // One reused buffer per worker: a read costs the open, one read that fills it or reaches the end,
                // and one exact copy, instead of a fresh 8 KiB buffer per file.
                ByteBuffer buffer = READ_BUFFER.get().clear();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                        // keep reading: a read may return fewer bytes than the file holds
                    }
                }
                byte[] bytes = new byte[buffer.flip().remaining()];
                buffer.get(bytes);
                return bytes;
            }
        });
    }

    private static void zip(Path file, Consumer<Receipt> consumer) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            // ZipInputStream reads anything else as an empty archive; say plainly that it is not a zip.
            if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K') {
                throw new IOException(file + ": not a zip archive");
            }
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                // Bounded read: a zip bomb entry costs at most the cap, never its declared or inflated size.
                byte[] bytes = zip.readNBytes(CepXmlParser.MAX_RECEIPT_BYTES + 1);
                String name = file + "!/" + entry.getName();
                consumer.accept(new Receipt() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public byte[] read() {
                        return bytes;
                    }
                });
            }
        } catch (ZipException e) {
            throw new IOException(file + ": not a readable zip (" + e.getMessage() + ")", e);
        }
    }
}

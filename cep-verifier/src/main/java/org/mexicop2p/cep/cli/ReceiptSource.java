package org.mexicop2p.cep.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 * bytes each. Public for the benchmark's floor ({@code org.mexicop2p.cep.bench.FreshJvmFloor}), which must walk and
 * read exactly as the command does.
 */
public final class ReceiptSource {

    /** One receipt to check: its display name and how to get its bytes. */
    public interface Receipt {
        String name();

        /** The bytes, at most the parser's cap + 1 (enough for it to say TOO_LARGE without reading the rest). */
        byte[] read() throws IOException;
    }

    /** The parser's cap + 1: enough for it to say TOO_LARGE without reading the rest of a huge file. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CepXmlParser.MAX_RECEIPT_BYTES + 1));

    private ReceiptSource() {
    }

    public static void forEach(Iterable<Path> paths, Consumer<Receipt> consumer) throws IOException {
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
     * Every regular file under {@code folder}, depth first in directory order; hidden ones (a name starting with a
     * dot) and everything in hidden folders skipped, symbolic links inside the folder too. A plain recursion over
     * directory streams rather than {@code Files.walkFileTree}: one {@code lstat} per entry either way, but much
     * less code for a short run's JIT to compile.
     */
    private static void walk(Path folder, Consumer<Receipt> consumer) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String path = entry.toString();
                if (path.charAt(path.lastIndexOf(File.separatorChar) + 1) == '.') {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isDirectory()) {
                    walk(entry, consumer);
                } else if (attributes.isRegularFile()) {
                    file(entry, consumer);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static void file(Path file, Consumer<Receipt> consumer) throws IOException {
        String name = file.toString();
        if (name.regionMatches(true, name.length() - 4, ".zip", 0, 4)) {
            zip(file, consumer);
            return;
        }
        consumer.accept(new Receipt() {
            @Override
            public String name() {
                return name;
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
            for (ZipEntry entry = nextEntry(zip); entry != null; entry = nextEntry(zip)) {
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

    /** {@link ZipInputStream#getNextEntry}, which throws IllegalArgumentException for a name that is not UTF-8. */
    private static ZipEntry nextEntry(ZipInputStream zip) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new ZipException("an entry name is not valid UTF-8");
        }
    }
}

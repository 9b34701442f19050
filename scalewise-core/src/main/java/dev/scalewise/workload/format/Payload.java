package dev.scalewise.workload.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The decompressed content of a trace file: plain, {@code .bz2}, {@code .gz}, or a tar ({@code .tar},
 * {@code .tbz2}, {@code .tar.bz2}, {@code .tgz}, {@code .tar.gz}) holding one regular file.
 *
 * @param source    the file as named in messages
 * @param innerName the name of the data inside (the tar member, or the file name without the compression suffix)
 * @param bytes     the decompressed bytes
 */
public record Payload(String source, String innerName, byte[] bytes) {

    /** Reads and decompresses {@code file}; a truncated or corrupt archive fails with a clear message. */
    public static Payload load(Path file) {
        String source = file.toString();
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new TraceReadException(source, 0, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try {
            if (lower.endsWith(".tbz2") || lower.endsWith(".tar.bz2") || lower.endsWith(".tbz")) {
                return fromTar(source, new BZip2CompressorInputStream(buffered(file), true), "bzip2");
            }
            if (lower.endsWith(".tgz") || lower.endsWith(".tar.gz")) {
                return fromTar(source, new GZIPInputStream(buffered(file), 1 << 16), "gzip");
            }
            if (lower.endsWith(".tar")) {
                return fromTar(source, buffered(file), "tar");
            }
            if (lower.endsWith(".bz2")) {
                try (InputStream in = new BZip2CompressorInputStream(buffered(file), true)) {
                    return new Payload(source, strip(lower, ".bz2"), readAll(source, in, "bzip2"));
                }
            }
            if (lower.endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(buffered(file), 1 << 16)) {
                    return new Payload(source, strip(lower, ".gz"), readAll(source, in, "gzip"));
                }
            }
            long size = Files.size(file);
            if (size > Limits.MAX_BYTES) {
                throw new TraceReadException(source, 0, "file too large: " + size + " bytes (limit " + Limits.MAX_BYTES + ")");
            }
            return new Payload(source, lower, Files.readAllBytes(file));
        } catch (TraceReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TraceReadException(source, 0, "truncated or corrupt archive: " + e.getMessage(), e);
        }
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    private static InputStream buffered(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    private static Payload fromTar(String source, InputStream raw, String kind) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                long size = entry.getSize();
                if (size > Limits.MAX_BYTES) {
                    throw new TraceReadException(source, 0, "archive member " + entry.getName() + " too large: " + size + " bytes");
                }
                byte[] data = tar.readNBytes((int) size);
                if (data.length < size) {
                    throw new TraceReadException(source, 0, "truncated archive: member " + entry.getName() + " declares "
                            + size + " bytes but only " + data.length + " could be read");
                }
                return new Payload(source, entry.getName().toLowerCase(Locale.ROOT), data);
            }
        }
        throw new TraceReadException(source, 0, "archive (" + kind + ") holds no regular file (empty or truncated archive)");
    }

    private static byte[] readAll(String source, InputStream in, String kind) throws IOException {
        byte[] data = in.readNBytes((int) Limits.MAX_BYTES + 1);
        if (data.length > Limits.MAX_BYTES) {
            throw new TraceReadException(source, 0, kind + " content too large (over " + Limits.MAX_BYTES + " bytes)");
        }
        return data;
    }
}

package dev.scalewise.workload.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The decompressed content of a trace file: plain, {@code .bz2}, {@code .gz}, or a tar ({@code .tar},
 * {@code .tbz2}, {@code .tar.bz2}, {@code .tgz}, {@code .tar.gz}) holding one regular file, or naming the one to
 * read as {@code ARCHIVE!MEMBER} ({@code trace.tbz2!workload.txt}). An archive with several files and no member
 * chosen is refused with their names, never read partly.
 *
 * <p>Sizes are checked before memory is taken: a plain file by its size, a tar member by its header, a gzip
 * file by the uncompressed size in its trailer (ISIZE, RFC 1952 section 2.3.1), and every decompressed stream
 * while it is read, against {@link #limitBytes()}: {@link Limits#MAX_BYTES} or a quarter of the heap, whichever is
 * smaller. A 1 MB gzip that expands to 1 GB is refused at once, with the sizes.
 *
 * <p>bzip2 content, slow to decode, is cached decompressed between runs ({@link PayloadCache}).
 *
 * @param source    the file as named in messages
 * @param innerName the name of the data inside (the tar member, or the file name without the compression suffix)
 * @param bytes     the decompressed bytes
 */
public record Payload(String source, String innerName, byte[] bytes) {

    /** The most bytes a decompressed trace may have here: {@link Limits#MAX_BYTES}, or a quarter of the heap. */
    public static long limitBytes() {
        return Math.min(Limits.MAX_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Reads and decompresses {@code file}; a truncated or corrupt archive fails with a clear message. */
    public static Payload load(Path file) {
        return load(file, limitBytes());
    }

    static Payload load(Path file, long limit) {
        String member = null;
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int bang = name.lastIndexOf('!');
        if (!Files.exists(file) && bang > 0 && isTar(name.substring(0, bang).toLowerCase(Locale.ROOT))) {
            member = name.substring(bang + 1);
            file = file.resolveSibling(name.substring(0, bang));
        }
        String source = file.toString();
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new TraceReadException(source, 0, Files.exists(file) ? "not a regular file" : "no such file");
        }
        if (member != null && member.isEmpty()) {
            throw new TraceReadException(source, 0, "empty member name after '!'");
        }
        try {
            if (lower.endsWith(".tbz2") || lower.endsWith(".tar.bz2") || lower.endsWith(".tbz")) {
                Path archive = file;
                String m = member;
                return PayloadCache.load(file, source, member, limit, () -> fromTar(source,
                        new BZip2CompressorInputStream(buffered(archive), true), "bzip2", m, limit));
            }
            if (lower.endsWith(".tgz") || lower.endsWith(".tar.gz")) {
                return fromTar(source, new GZIPInputStream(buffered(file), 1 << 16), "gzip", member, limit);
            }
            if (lower.endsWith(".tar")) {
                return fromTar(source, buffered(file), "tar", member, limit);
            }
            if (lower.endsWith(".bz2")) {
                Path archive = file;
                return PayloadCache.load(file, source, null, limit, () -> {
                    try (InputStream in = new BZip2CompressorInputStream(buffered(archive), true)) {
                        return new Payload(source, strip(lower, ".bz2"), readAll(source, in, "bzip2", limit));
                    }
                });
            }
            if (lower.endsWith(".gz")) {
                checkGzipTrailer(file, source, limit);
                try (InputStream in = new GZIPInputStream(buffered(file), 1 << 16)) {
                    return new Payload(source, strip(lower, ".gz"), readAll(source, in, "gzip", limit));
                }
            }
            long size = Files.size(file);
            if (size > limit) {
                throw new TraceReadException(source, 0, "file too large: " + size + " bytes (limit " + limit + ")");
            }
            return new Payload(source, lower, Files.readAllBytes(file));
        } catch (TraceReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TraceReadException(source, 0, "truncated or corrupt archive: " + e.getMessage(), e);
        }
    }

    private static boolean isTar(String lower) {
        return lower.endsWith(".tbz2") || lower.endsWith(".tar.bz2") || lower.endsWith(".tbz") || lower.endsWith(".tgz")
                || lower.endsWith(".tar.gz") || lower.endsWith(".tar");
    }

    /** Refuses a gzip file whose trailer declares more than {@code limit} uncompressed bytes, before inflating it. */
    private static void checkGzipTrailer(Path file, String source, long limit) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            if (size < 18) {
                return; // too short for a gzip member: the decompressor says what is wrong
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, size - 4);
            long isize = Integer.toUnsignedLong(b.getInt(0));
            if (isize > limit) {
                throw new TraceReadException(source, 0, String.format(Locale.ROOT, "gzip content too large: it declares "
                        + "%,d bytes uncompressed from %,d compressed (limit %,d bytes)", isize, size, limit));
            }
        }
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    private static InputStream buffered(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    private static Payload fromTar(String source, InputStream raw, String kind, String member, long limit)
            throws IOException {
        List<String> names = new ArrayList<>();
        Payload found = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                names.add(entry.getName());
                if (member != null ? !entry.getName().equals(member) : found != null) {
                    continue;
                }
                long size = entry.getSize();
                if (size > limit) {
                    throw new TraceReadException(source, 0, "archive member " + entry.getName() + " too large: " + size
                            + " bytes (limit " + limit + ")");
                }
                byte[] data = tar.readNBytes((int) size);
                if (data.length < size) {
                    throw new TraceReadException(source, 0, "truncated archive: member " + entry.getName() + " declares "
                            + size + " bytes but only " + data.length + " could be read");
                }
                found = new Payload(source, entry.getName().toLowerCase(Locale.ROOT), data);
                if (member != null) {
                    return found;
                }
            }
        }
        if (member != null) {
            throw new TraceReadException(source, 0, "archive holds no file '" + member + "'; its files: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        if (names.size() > 1) {
            throw new TraceReadException(source, 0, "archive holds " + names.size() + " files (" + String.join(", ",
                    names.subList(0, Math.min(names.size(), 5))) + (names.size() > 5 ? ", ..." : "")
                    + "); choose one as " + Path.of(source).getFileName() + "!" + names.get(0));
        }
        if (found != null) {
            return found;
        }
        throw new TraceReadException(source, 0, "archive (" + kind + ") holds no regular file (empty or truncated archive)");
    }

    private static byte[] readAll(String source, InputStream in, String kind, long limit) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (data.length > limit) {
            throw new TraceReadException(source, 0, kind + " content too large (over " + limit + " bytes)");
        }
        return data;
    }
}

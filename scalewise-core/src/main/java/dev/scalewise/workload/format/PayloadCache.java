package dev.scalewise.workload.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Decompressed bzip2 payloads kept on disk between runs. bzip2 decodes slowly: the NASA trace's 1.2 MB archive
 * took about 2 s of CPU per read, more than half of {@code demo --quick} (docs/performance.md); gzip inflates the
 * same 10 MB in a few tens of milliseconds. So the first read of a bzip2 archive keeps its decompressed bytes,
 * gzip-compressed at the fastest level, as {@code payloads/<key>.gz} in the cache folder, and later reads take them
 * from there.
 *
 * <p>The key is the SHA-256 of the archive's bytes and the member's name: a changed archive is a new key, whatever
 * its name or time stamps. A cache file is written under a temporary name and moved into place, so a reader sees
 * a complete file or none; gzip's CRC-32 and length trailer catch a damaged one, which is then ignored (read from
 * the archive again) and rewritten. The cache is an optimisation only: when its folder cannot be written (a
 * read-only home), reads work as without it.
 *
 * <p>The folder: system property {@code scalewise.cache.dir}, else {@code $SCALEWISE_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/scalewise}, else {@code ~/.cache/scalewise}; the value {@code off} turns the cache off.
 */
final class PayloadCache {
    private static final String VERSION = "payload-v1";

    private PayloadCache() {
    }

    /** The cache folder, or empty when the cache is off. */
    static Optional<Path> directory(String property, Map<String, String> env, String home) {
        String dir = property != null ? property : env.get("SCALEWISE_CACHE_DIR");
        if (dir == null || dir.isBlank()) {
            String xdg = env.get("XDG_CACHE_HOME");
            if (xdg != null && !xdg.isBlank()) {
                return Optional.of(Path.of(xdg, "scalewise"));
            }
            return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "scalewise"));
        }
        return dir.equals("off") ? Optional.empty() : Optional.of(Path.of(dir));
    }

    private static Optional<Path> directory() {
        return directory(System.getProperty("scalewise.cache.dir"), System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The payload of {@code archive} (member {@code member}, null for its only file), from the cache when it holds
     * it, else from {@code decompress}, which is then cached.
     */
    static Payload load(Path archive, String source, String member, long limit, Decompressor decompress)
            throws IOException {
        Optional<Path> dir = directory();
        if (dir.isEmpty()) {
            return decompress.payload();
        }
        Path file = dir.get().resolve("payloads").resolve(key(archive, member) + ".gz");
        Optional<Payload> cached = read(file, source, limit);
        if (cached.isPresent()) {
            return cached.get();
        }
        Payload p = decompress.payload();
        write(file, p);
        return p;
    }

    /** Reads the archive. */
    @FunctionalInterface
    interface Decompressor {
        Payload payload() throws IOException;
    }

    static String key(Path archive, String member) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update((VERSION + "\n" + (member == null ? "" : member) + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(archive)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The cached payload, or empty when there is none or it is damaged. */
    static Optional<Payload> read(Path file, String source, long limit) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream name = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0 || name.size() > 4096) {
                    return Optional.empty();
                }
                name.write(c);
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (data.length > limit || in.read() >= 0) {
                return Optional.empty();
            }
            return Optional.of(new Payload(source, name.toString(StandardCharsets.UTF_8), data));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged (CRC or length mismatch, truncated): read the archive again
        }
    }

    /** Writes {@code p} to {@code file} atomically; a cache that cannot be written is left alone. */
    static void write(Path file, Payload p) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                out.write((p.innerName() + "\n").getBytes(StandardCharsets.UTF_8));
                out.write(p.bytes());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // an optimisation only: without a writable cache, the next read decompresses again
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file in the cache folder, nothing more
                }
            }
        }
    }
}

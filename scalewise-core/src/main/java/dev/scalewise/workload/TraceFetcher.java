package dev.scalewise.workload;

import dev.scalewise.run.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a trace file over HTTP(S): streams it to a temporary file next to the target, checks the SHA-256 when
 * one is known, and only then renames it into place, so that a failed or corrupted download never leaves a partial
 * trace behind.
 */
public final class TraceFetcher {
    private final HttpClient client;

    public TraceFetcher(HttpClient client) {
        this.client = client;
    }

    /** A fetcher with a 30 s connect timeout that follows redirects. */
    public static TraceFetcher standard() {
        return new TraceFetcher(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    /**
     * Downloads {@code uri} to {@code target}.
     *
     * @param expectedSha256 lower-case hex SHA-256 the file must have, or null to skip the check
     * @return the number of bytes written
     * @throws IOException when the server cannot be reached, answers other than 200, or the checksum differs
     */
    public long fetch(URI uri, Path target, String expectedSha256) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + uri + " interrupted", e);
        } catch (IOException e) {
            throw new IOException("cannot download " + uri + ": " + e + " (offline? use --url-base with a mirror, or copy the file to "
                    + target + ")", e);
        }
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
                if (response.statusCode() != 200) {
                    throw new IOException("download of " + uri + " failed: HTTP " + response.statusCode());
                }
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    out.write(buf, 0, r);
                    sha.update(buf, 0, r);
                    bytes += r;
                }
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(got)) {
                throw new IOException("checksum mismatch for " + uri + ": expected sha256 " + expectedSha256 + ", got " + got
                        + " (" + bytes + " bytes); the download was discarded");
            }
            AtomicFiles.makeReadable(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

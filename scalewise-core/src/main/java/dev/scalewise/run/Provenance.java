package dev.scalewise.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from ({@code provenance.json}). Wall-clock times appear here only, never in the
 * reproducible outputs.
 *
 * @param scalewiseVersion the Scalewise version
 * @param gitCommit        {@code git rev-parse HEAD} of the working directory, or "unknown"
 * @param java             Java runtime version and vendor
 * @param os               operating system name, version and architecture
 * @param startTime        when the run started (ISO-8601, UTC)
 * @param endTime          when it ended (null while running)
 * @param seed             the master seed
 * @param resumedTimes     how many times the run was resumed
 */
public record Provenance(String scalewiseVersion, String gitCommit, String java, String os, String startTime,
                         String endTime, long seed, int resumedTimes) {

    /** The provenance of a run starting now. */
    public static Provenance start(long seed) {
        return new Provenance(version(), gitCommit(Path.of("")), System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ")", System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch"), Instant.now().toString(), null,
                seed, 0);
    }

    /** The same, ended now. */
    public Provenance ended() {
        return new Provenance(scalewiseVersion, gitCommit, java, os, startTime, Instant.now().toString(), seed,
                resumedTimes);
    }

    /** The same, resumed once more. */
    public Provenance resumed() {
        return new Provenance(scalewiseVersion, gitCommit, java, os, startTime, null, seed, resumedTimes + 1);
    }

    /** The version baked into the core at build time. */
    public static String version() {
        try (InputStream in = Provenance.class.getResourceAsStream("/dev/scalewise/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }

    /** {@code git rev-parse HEAD} in {@code dir}, or "unknown" when git or a repository is not there. */
    public static String gitCommit(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toAbsolutePath().toFile())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return "unknown";
            }
            String s = new String(out, StandardCharsets.UTF_8).trim();
            return s.matches("[0-9a-f]{40}") ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}

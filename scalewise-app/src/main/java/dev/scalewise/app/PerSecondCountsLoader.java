package dev.scalewise.app;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import dev.scalewise.workload.Trace;

/**
 * A stop-gap reader for per-second request counts (whitespace-separated non-negative integers, element {@code i} =
 * requests in second {@code i}), plain or as a bzip2 tar holding one such file (the NASA-HTTP {@code workload.tbz2}).
 * Counts are summed into steps of {@code stepSeconds} (a last partial step is dropped) and divided by the step length
 * to give requests per second. Used by {@code forecast} until the trace catalog resolves names; kept in one class so
 * that it can be swapped out.
 */
final class PerSecondCountsLoader {
    private PerSecondCountsLoader() {
    }

    /**
     * Resolves a trace argument: an existing file, or a catalog-like name {@code NAME} looked up as
     * {@code traces/NAME/workload.tbz2} under the shared folder ({@code -Dscalewise.shared}, else {@code ../shared},
     * else {@code /work/shared}).
     */
    static Path resolve(String trace) {
        Path direct = Path.of(trace);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        String configured = System.getProperty("scalewise.shared");
        for (String root : new String[] {configured, "../shared", "shared", "/work/shared"}) {
            if (root == null) {
                continue;
            }
            Path p = Path.of(root, "traces", trace, "workload.tbz2");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("trace '" + trace + "' is neither a file nor found as traces/" + trace
                + "/workload.tbz2 under the shared folder");
    }

    /** Reads the counts of {@code file} and aggregates them into a trace named {@code name}. */
    static Trace load(String name, Path file, int stepSeconds) throws IOException {
        if (stepSeconds < 1) {
            throw new IllegalArgumentException("step seconds must be >= 1, got " + stepSeconds);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            String f = file.getFileName().toString();
            if (f.endsWith(".tbz2") || f.endsWith(".tar.bz2")) {
                try (TarArchiveInputStream tar = new TarArchiveInputStream(new BZip2CompressorInputStream(raw))) {
                    TarArchiveEntry e;
                    while ((e = tar.getNextEntry()) != null) {
                        if (e.isFile()) {
                            return aggregate(name, parse(tar), stepSeconds);
                        }
                    }
                    throw new IOException(file + " holds no file");
                }
            }
            return aggregate(name, parse(raw), stepSeconds);
        }
    }

    private static long[] parse(InputStream in) throws IOException {
        long[] values = new long[1 << 20];
        int n = 0;
        long current = 0;
        boolean inNumber = false;
        byte[] buf = new byte[1 << 16];
        int read;
        while ((read = in.read(buf)) > 0) {
            for (int i = 0; i < read; i++) {
                int c = buf[i];
                if (c >= '0' && c <= '9') {
                    current = current * 10 + (c - '0');
                    inNumber = true;
                } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    if (inNumber) {
                        if (n == values.length) {
                            values = Arrays.copyOf(values, values.length * 2);
                        }
                        values[n++] = current;
                        current = 0;
                        inNumber = false;
                    }
                } else {
                    throw new IOException("unexpected character '" + (char) c + "' after " + n + " values");
                }
            }
        }
        if (inNumber) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n + 1);
            }
            values[n++] = current;
        }
        return Arrays.copyOf(values, n);
    }

    private static Trace aggregate(String name, long[] perSecond, int stepSeconds) {
        int steps = perSecond.length / stepSeconds;
        if (steps < 1) {
            throw new IllegalArgumentException("trace '" + name + "' has " + perSecond.length + " seconds, less than one step of " + stepSeconds);
        }
        double[] rates = new double[steps];
        for (int s = 0; s < steps; s++) {
            long sum = 0;
            for (int i = s * stepSeconds; i < (s + 1) * stepSeconds; i++) {
                sum += perSecond[i];
            }
            rates[s] = (double) sum / stepSeconds;
        }
        return new Trace(name, stepSeconds, rates);
    }
}

package dev.scalewise.workload;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/traces} for tests; skips the test when it is absent. */
public final class SharedTraces {
    private SharedTraces() {
    }

    /** The shared traces directory (system property {@code scalewise.shared}, else {@code ../shared}). */
    public static Path dir() {
        String prop = System.getProperty("scalewise.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent().resolve("../shared").normalize();
        Path traces = shared.resolve("traces");
        assumeTrue(Files.isDirectory(traces), "no shared traces at " + traces);
        return traces;
    }

    /** A file under the shared traces directory; skips when it is absent. */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "no shared trace file " + p);
        return p;
    }
}

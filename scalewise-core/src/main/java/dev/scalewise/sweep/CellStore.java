package dev.scalewise.sweep;

import dev.scalewise.run.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finished cells on disk: one JSON file per cell, {@code cells/<id>.json} in the sweep's folder, each written to a
 * temporary file and renamed (a killed sweep leaves whole files or none). A restarted sweep skips the cells found
 * here that succeeded and re-runs the failed ones.
 */
public final class CellStore {
    private final Path dir;

    /** The store in {@code sweepDir/cells} (created). */
    public CellStore(Path sweepDir) {
        this.dir = sweepDir.resolve("cells");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** Records a finished cell atomically. */
    public void put(CellResult r) {
        try {
            AtomicFiles.writeString(dir.resolve(r.id() + ".json"), r.toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record cell " + r.id() + ": " + e.getMessage(), e);
        }
    }

    /** Every recorded result by cell id (files that do not parse are ignored: the cell runs again). */
    public Map<String, CellResult> all() {
        Map<String, CellResult> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    CellResult r = CellResult.fromJson(Files.readString(f));
                    if (f.getFileName().toString().equals(r.id() + ".json")) {
                        m.put(r.id(), r);
                    }
                } catch (IOException | RuntimeException e) {
                    // a partial or foreign file: ignore, the cell runs again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}

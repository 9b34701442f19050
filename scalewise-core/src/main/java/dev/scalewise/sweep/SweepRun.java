package dev.scalewise.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.scalewise.run.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep session in a folder: saves the spec ({@code sweep-spec.json}), runs the cells not yet recorded in
 * {@code cells/}, and writes {@code sweep.json}, {@code sweep.csv} and {@code sweep.md} (all atomically). The
 * command line and the {@code spark-submit} entry point both use it.
 */
public final class SweepRun {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature());

    private SweepRun() {
    }

    /**
     * What a session produced.
     *
     * @param report  the report over every recorded cell
     * @param outcome what ran in this session
     */
    public record Result(SweepReport report, Sweep.Outcome outcome) {
    }

    /**
     * Runs the sweep in {@code dir}.
     *
     * @param listenerFactory builds the progress listener from (total cells, cells already done)
     * @param limit           at most this many cells this session (0: all)
     */
    public static Result execute(SweepSpec spec, List<SweepCell> cells, SweepEngine engine, Path dir,
                                 ListenerFactory listenerFactory, int limit) throws IOException {
        CellStore store = new CellStore(dir);
        AtomicFiles.writeString(dir.resolve("sweep-spec.json"), PRETTY.writeValueAsString(spec.describe()) + "\n");
        int already = cells.size() - Sweep.remaining(cells, store).size();
        Sweep.Outcome outcome = Sweep.run(cells, engine, store, listenerFactory.create(cells.size(), already), limit);
        SweepReport report = SweepReport.of(spec.name(), spec.parsedObjective(), cells, outcome.results());
        AtomicFiles.writeString(dir.resolve("sweep.json"), json(report));
        AtomicFiles.writeString(dir.resolve("sweep.csv"), report.csv());
        AtomicFiles.writeString(dir.resolve("sweep.md"), report.markdown());
        return new Result(report, outcome);
    }

    /** The report's JSON document, indented. */
    public static String json(SweepReport report) throws IOException {
        return PRETTY.writeValueAsString(report.json()) + "\n";
    }

    /** Builds a progress listener once the number of cells is known. */
    @FunctionalInterface
    public interface ListenerFactory {
        ProgressListener create(int totalCells, int alreadyDone);
    }
}

package dev.scalewise.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a sweep: skips cells recorded in the {@link CellStore}, runs the rest on an engine (recording each as it
 * finishes), and returns every cell's result in order.
 */
public final class Sweep {
    private Sweep() {
    }

    /**
     * What a session did.
     *
     * @param results  every cell's result, in cell order (recorded ones included)
     * @param executed cells run in this session
     * @param skipped  cells found finished in the store
     * @param complete false when {@code limit} stopped the session before every cell ran
     */
    public record Outcome(List<CellResult> results, int executed, int skipped, boolean complete) {
    }

    /** Cells still to run: those without a successful result in the store, in order. */
    public static List<SweepCell> remaining(List<SweepCell> cells, CellStore store) {
        Map<String, CellResult> done = store.all();
        return cells.stream().filter(c -> {
            CellResult r = done.get(c.id());
            return r == null || !r.ok();
        }).toList();
    }

    /**
     * Runs the cells not yet recorded.
     *
     * @param limit run at most this many cells in this session, as if killed after them (0: all); for tests
     */
    public static Outcome run(List<SweepCell> cells, SweepEngine engine, CellStore store, ProgressListener progress,
                              int limit) {
        List<SweepCell> todo = remaining(cells, store);
        int skipped = cells.size() - todo.size();
        boolean complete = true;
        if (limit > 0 && limit < todo.size()) {
            todo = todo.subList(0, limit);
            complete = false;
        }
        engine.run(todo, new ProgressListener() {
            @Override
            public void started(SweepCell cell) {
                progress.started(cell);
            }

            @Override
            public void finished(CellResult result) {
                store.put(result);
                progress.finished(result);
            }
        });
        Map<String, CellResult> all = store.all();
        List<CellResult> results = new ArrayList<>();
        for (SweepCell c : cells) {
            CellResult r = all.get(c.id());
            if (r != null) {
                results.add(r.withIndex(c.index()));
            }
        }
        return new Outcome(results, todo.size(), skipped, complete);
    }
}

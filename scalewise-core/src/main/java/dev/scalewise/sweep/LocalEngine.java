package dev.scalewise.sweep;

import java.util.List;

/**
 * Runs cells on a fixed pool of threads ({@code workers}, default: the available processors). Each cell runs
 * {@link CellRunner#run} alone on one thread; results come back in the cells' order whatever the scheduling.
 */
public final class LocalEngine implements SweepEngine {
    private final int workers;
    private final CellRunner runner;

    public LocalEngine(int workers, CellRunner runner) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.workers = workers;
        this.runner = runner;
    }

    /** The default number of workers: the available processors. */
    public static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public List<CellResult> run(List<SweepCell> cells, ProgressListener listener) {
        return SweepEngine.runOnThreads(cells, workers, "sweep-worker", listener, runner::run);
    }

    @Override
    public String describe() {
        return "local, " + workers + (workers == 1 ? " worker" : " workers");
    }
}

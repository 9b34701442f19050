package dev.scalewise.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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
        if (cells.isEmpty()) {
            return List.of();
        }
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, cells.size()), r -> {
            Thread t = new Thread(r, "sweep-worker-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CellResult>> futures = new ArrayList<>();
            for (SweepCell c : cells) {
                futures.add(pool.submit(() -> {
                    listener.started(c);
                    CellResult r = runner.run(c);
                    listener.finished(r);
                    return r;
                }));
            }
            List<CellResult> results = new ArrayList<>(cells.size());
            for (Future<CellResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sweep worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "local, " + workers + (workers == 1 ? " worker" : " workers");
    }
}

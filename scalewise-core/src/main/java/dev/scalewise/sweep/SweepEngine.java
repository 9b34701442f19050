package dev.scalewise.sweep;

import java.util.List;

/** Runs cells somewhere: on local threads or on Spark. Results must not depend on where or in what order. */
public interface SweepEngine extends AutoCloseable {
    /** Runs every cell and returns the results in the cells' order; a failing cell is a failed result. */
    List<CellResult> run(List<SweepCell> cells, ProgressListener listener);

    /** A short description for the progress line ("local, 2 workers"). */
    String describe();

    @Override
    default void close() {
    }

    /**
     * Runs {@code work} for every cell on {@code threads} daemon threads named {@code threadName-N}, reporting
     * starts and finishes to {@code listener}, and returns the results in the cells' order whatever the finishing
     * order. Shared by the engines, which differ only in what {@code work} does with a cell.
     */
    static List<CellResult> runOnThreads(List<SweepCell> cells, int threads, String threadName,
                                         ProgressListener listener,
                                         java.util.function.Function<SweepCell, CellResult> work) {
        if (cells.isEmpty()) {
            return List.of();
        }
        java.util.concurrent.atomic.AtomicInteger threadNo = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(threads, cells.size())), r -> {
                    Thread t = new Thread(r, threadName + "-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<CellResult>> futures = new java.util.ArrayList<>();
            for (SweepCell c : cells) {
                futures.add(pool.submit(() -> {
                    listener.started(c);
                    CellResult r = work.apply(c);
                    listener.finished(r);
                    return r;
                }));
            }
            List<CellResult> results = new java.util.ArrayList<>(cells.size());
            for (java.util.concurrent.Future<CellResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(threadName + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

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
}

package dev.scalewise.sweep;

/** Hears about cells as an engine runs them; called from worker threads (implementations synchronise). */
public interface ProgressListener {
    /** A cell started. */
    default void started(SweepCell cell) {
    }

    /** A cell finished (ok or failed). */
    default void finished(CellResult result) {
    }

    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {
    };
}

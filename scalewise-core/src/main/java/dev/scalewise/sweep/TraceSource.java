package dev.scalewise.sweep;

import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;

/** Loads a whole trace by name (the trace catalog in the application); the sweep splits it chronologically. */
@FunctionalInterface
public interface TraceSource {
    /** The trace called {@code name}; fails with a clear message when unknown. */
    Trace load(String name);

    /** Knows no trace. */
    TraceSource NONE = name -> {
        throw new IllegalArgumentException("no trace catalog is available to resolve trace '" + name + "'");
    };

    /**
     * The trace catalog on {@code directory} (null: {@code $SCALEWISE_TRACES_DIR} and the default places); names or
     * paths as {@link TraceCatalog#resolve} takes them. On a cluster the files must be at that path on every worker.
     */
    static TraceSource catalog(String directory) {
        return name -> TraceCatalog.fromEnvironment(directory).resolve(name);
    }
}

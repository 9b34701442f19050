package dev.scalewise.sweep;

import dev.scalewise.workload.Trace;

/** Loads a whole trace by name (the trace catalog in the application); the sweep splits it chronologically. */
@FunctionalInterface
public interface TraceSource {
    /** The trace called {@code name}; fails with a clear message when unknown. */
    Trace load(String name);

    /** Knows no trace. */
    TraceSource NONE = name -> {
        throw new IllegalArgumentException("no trace catalog is available to resolve trace '" + name + "'");
    };
}

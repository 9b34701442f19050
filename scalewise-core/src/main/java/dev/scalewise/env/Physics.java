package dev.scalewise.env;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which queueing physics serves each step of {@link AutoscaleEnv}. */
public enum Physics {
    /** The per-step analytic model, {@link dev.scalewise.queue.HybridQueueModel} (the default: about a microsecond a step). */
    FAST,
    /**
     * The request-level discrete-event simulation, {@link dev.scalewise.queue.RequestLevelSimulator}: the reference
     * for evaluation (its cost grows with the number of requests).
     */
    DES;

    /** The name used on the command line and in specs: {@code fast} or {@code des}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fast} or {@code des} (case-insensitive). */
    @JsonCreator
    public static Physics parse(String s) {
        if (s != null) {
            for (Physics p : values()) {
                if (p.id().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("physics must be 'fast' or 'des', got '" + s + "'");
    }
}

package dev.scalewise.sweep;

import java.util.List;

/** A sweep spec that cannot run, with every problem found, each naming the field path and the value. */
public final class SweepSpecException extends IllegalArgumentException {
    private final List<String> problems;

    public SweepSpecException(List<String> problems) {
        super("invalid sweep spec:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each, e.g. {@code grid.alpha[2]: must be in (0, 1], got 1.5}. */
    public List<String> problems() {
        return problems;
    }
}

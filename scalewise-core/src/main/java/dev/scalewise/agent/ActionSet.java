package dev.scalewise.agent;

import java.util.Arrays;
import java.util.List;

/**
 * The discrete actions of a tabular agent: action index to instance delta, e.g. {@code {-1, 0, +1}}. Deltas are
 * distinct and include 0 (hold).
 */
public final class ActionSet {
    private final int[] deltas;
    private final int hold;

    public ActionSet(int... deltas) {
        if (deltas.length == 0) {
            throw new IllegalArgumentException("actions must not be empty");
        }
        this.deltas = deltas.clone();
        int h = -1;
        for (int i = 0; i < deltas.length; i++) {
            for (int j = 0; j < i; j++) {
                if (deltas[i] == deltas[j]) {
                    throw new IllegalArgumentException("actions must be distinct, got " + Arrays.toString(deltas));
                }
            }
            if (deltas[i] == 0) {
                h = i;
            }
        }
        if (h < 0) {
            throw new IllegalArgumentException("actions must include 0 (hold), got " + Arrays.toString(deltas));
        }
        this.hold = h;
    }

    /** {-1, 0, +1}. */
    public static ActionSet unit() {
        return new ActionSet(-1, 0, 1);
    }

    public static ActionSet of(List<Integer> deltas) {
        return new ActionSet(deltas.stream().mapToInt(Integer::intValue).toArray());
    }

    public int size() {
        return deltas.length;
    }

    /** Instance delta of action {@code a}. */
    public int delta(int a) {
        return deltas[a];
    }

    /** Index of the hold action (delta 0). */
    public int holdIndex() {
        return hold;
    }

    public List<Integer> asList() {
        return Arrays.stream(deltas).boxed().toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionSet s && Arrays.equals(s.deltas, deltas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(deltas);
    }

    @Override
    public String toString() {
        return Arrays.toString(deltas);
    }
}

package dev.scalewise.agent;

import java.util.Arrays;

/**
 * Sorted bin edges. {@code n} edges make {@code n + 1} bins. With {@link #upperClosed} a value equal to an edge
 * falls in the lower bin (bins {@code (e[i-1], e[i]]}); with {@link #lowerClosed} in the upper one
 * ({@code [e[i-1], e[i])}).
 */
final class Bins {
    private final double[] edges;
    private final boolean upperClosed;

    private Bins(String name, double[] edges, boolean upperClosed) {
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && edges[i] <= edges[i - 1])) {
                throw new IllegalArgumentException("encoder." + name + " edges must be finite and strictly increasing, got "
                        + Arrays.toString(edges));
            }
        }
        this.edges = edges.clone();
        this.upperClosed = upperClosed;
    }

    static Bins upperClosed(String name, double[] edges) {
        return new Bins(name, edges, true);
    }

    static Bins lowerClosed(String name, double[] edges) {
        return new Bins(name, edges, false);
    }

    int count() {
        return edges.length + 1;
    }

    int index(double x) {
        int i = 0;
        if (upperClosed) {
            while (i < edges.length && x > edges[i]) {
                i++;
            }
        } else {
            while (i < edges.length && x >= edges[i]) {
                i++;
            }
        }
        return i;
    }

    /** A label like {@code "(0.5,0.8]"}. */
    String label(int bin) {
        String lo = bin == 0 ? "-inf" : fmt(edges[bin - 1]);
        String hi = bin == edges.length ? "inf" : fmt(edges[bin]);
        return upperClosed ? "(" + lo + "," + hi + "]" : "[" + lo + "," + hi + ")";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

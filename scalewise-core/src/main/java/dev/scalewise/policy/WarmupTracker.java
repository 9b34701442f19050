package dev.scalewise.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Instances launched within the last {@code warmupSeconds} (AWS instance warm-up). Removals take the youngest
 * first, as the cluster cancels the youngest booting instances first.
 */
final class WarmupTracker {
    private final double warmupSeconds;
    private final Deque<double[]> launches = new ArrayDeque<>();

    WarmupTracker(double warmupSeconds) {
        this.warmupSeconds = warmupSeconds;
    }

    void reset() {
        launches.clear();
    }

    /** Records an applied change at time {@code now}. */
    void record(double now, int delta) {
        if (delta > 0) {
            launches.addLast(new double[] {now, delta});
        } else {
            int left = -delta;
            while (left > 0 && !launches.isEmpty()) {
                double[] youngest = launches.peekLast();
                int take = (int) Math.min(left, youngest[1]);
                youngest[1] -= take;
                left -= take;
                if (youngest[1] <= 0) {
                    launches.removeLast();
                }
            }
        }
    }

    /** Instances still warming up at {@code now}, at most {@code instances}. */
    int warming(double now, int instances) {
        while (!launches.isEmpty() && now - launches.peekFirst()[0] >= warmupSeconds - 1e-9) {
            launches.removeFirst();
        }
        int n = 0;
        for (double[] l : launches) {
            n += (int) l[1];
        }
        return Math.min(n, instances);
    }
}

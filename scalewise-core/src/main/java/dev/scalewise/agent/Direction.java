package dev.scalewise.agent;

/** Falling / stable / rising, by a relative or absolute threshold. */
final class Direction {
    static final String[] LABELS = {"falling", "stable", "rising"};

    private Direction() {
    }

    /**
     * 0 falling, 1 stable, 2 rising: whether {@code now - before} is beyond {@code +-threshold}, measured in
     * absolute units, or relative to {@code max(|before|, floor)}.
     */
    static int of(double now, double before, double threshold, boolean relative, double floor) {
        double change = now - before;
        if (relative) {
            change /= Math.max(Math.abs(before), floor);
        }
        return change > threshold ? 2 : change < -threshold ? 0 : 1;
    }
}

package dev.scalewise.cluster;

/**
 * Bounds, boot delay and price of the instances behind the service.
 *
 * @param minInstances          fewest instances (ready + booting), &gt;= 0 (0 allows scale to zero)
 * @param maxInstances          most instances (ready + booting), &gt;= max(1, minInstances)
 * @param initialInstances      ready instances at reset, within the bounds
 * @param bootDelaySeconds      seconds from a launch request until the instance serves, &gt;= 0; an instance
 *                              requested at step t serves from step {@code t + ceil(bootDelaySeconds / dt)}
 * @param pricePerHour          price of one instance-hour in US dollars, &gt;= 0, billed per second
 * @param minimumBilledSeconds  minimum billed seconds per launch (EC2 bills 60 s at least), &gt;= 0
 */
public record ClusterConfig(int minInstances, int maxInstances, int initialInstances, double bootDelaySeconds,
                            double pricePerHour, double minimumBilledSeconds) {

    /** Defaults: 1..50 instances, start with 10, 120 s boot, $0.10 per hour (a small general-purpose VM), 60 s minimum. */
    public static ClusterConfig defaults() {
        return new ClusterConfig(1, 50, 10, 120, 0.10, 60);
    }

    public ClusterConfig {
        if (minInstances < 0) {
            throw new IllegalArgumentException("cluster.minInstances must be >= 0, got " + minInstances);
        }
        if (maxInstances < Math.max(1, minInstances)) {
            throw new IllegalArgumentException("cluster.maxInstances must be >= max(1, minInstances = " + minInstances
                    + "), got " + maxInstances);
        }
        if (initialInstances < minInstances || initialInstances > maxInstances) {
            throw new IllegalArgumentException("cluster.initialInstances must be within [" + minInstances + ", "
                    + maxInstances + "], got " + initialInstances);
        }
        if (!(bootDelaySeconds >= 0) || !Double.isFinite(bootDelaySeconds)) {
            throw new IllegalArgumentException("cluster.bootDelaySeconds must be a finite number >= 0, got " + bootDelaySeconds);
        }
        if (!(pricePerHour >= 0) || !Double.isFinite(pricePerHour)) {
            throw new IllegalArgumentException("cluster.pricePerHour must be a finite number >= 0, got " + pricePerHour);
        }
        if (!(minimumBilledSeconds >= 0) || !Double.isFinite(minimumBilledSeconds)) {
            throw new IllegalArgumentException("cluster.minimumBilledSeconds must be a finite number >= 0, got "
                    + minimumBilledSeconds);
        }
    }

    public ClusterConfig withBounds(int min, int max, int initial) {
        return new ClusterConfig(min, max, initial, bootDelaySeconds, pricePerHour, minimumBilledSeconds);
    }

    public ClusterConfig withBootDelaySeconds(double seconds) {
        return new ClusterConfig(minInstances, maxInstances, initialInstances, seconds, pricePerHour, minimumBilledSeconds);
    }

    public ClusterConfig withPricePerHour(double price) {
        return new ClusterConfig(minInstances, maxInstances, initialInstances, bootDelaySeconds, price, minimumBilledSeconds);
    }

    public ClusterConfig withMinimumBilledSeconds(double seconds) {
        return new ClusterConfig(minInstances, maxInstances, initialInstances, bootDelaySeconds, pricePerHour, seconds);
    }
}

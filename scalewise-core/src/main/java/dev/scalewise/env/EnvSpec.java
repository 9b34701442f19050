package dev.scalewise.env;

/**
 * What a policy may know about the environment it controls (not the future).
 *
 * @param stepSeconds      control interval dt
 * @param serviceRate      nominal requests/s of one ready instance (mu)
 * @param sloSeconds       p95 latency objective
 * @param minInstances     lower bound on ready + booting
 * @param maxInstances     upper bound
 * @param bootDelaySeconds launch-to-serve delay
 * @param pricePerHour     dollars per instance-hour
 */
public record EnvSpec(double stepSeconds, double serviceRate, double sloSeconds, int minInstances, int maxInstances,
                      double bootDelaySeconds, double pricePerHour) {

    /** Steps from launch to serving. */
    public int bootSteps() {
        return (int) Math.ceil(bootDelaySeconds / stepSeconds - 1e-12);
    }
}

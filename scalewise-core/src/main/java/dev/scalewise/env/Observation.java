package dev.scalewise.env;

/**
 * What a policy sees after a step (or at reset): only the past and present, never the future.
 *
 * @param step                index of the next step to be simulated
 * @param arrivalRate         arrival rate observed during the last step (requests/s)
 * @param previousArrivalRate arrival rate of the step before it
 * @param ready               ready instances
 * @param booting             instances booting (billed, not serving)
 * @param utilization         offered load per ready instance in the last step
 * @param p95Seconds          95th percentile response time of the last step
 * @param backlog             requests waiting
 * @param dropped             requests dropped in the last step
 * @param serviceRate         requests/s of one ready instance in the last step
 * @param forecastRate        forecast arrival rate at the boot horizon (equal to {@code arrivalRate} when the
 *                            environment has no forecaster)
 */
public record Observation(int step, double arrivalRate, double previousArrivalRate, int ready, int booting,
                          double utilization, double p95Seconds, double backlog, double dropped, double serviceRate,
                          double forecastRate) {

    /** Ready + booting. */
    public int instances() {
        return ready + booting;
    }
}

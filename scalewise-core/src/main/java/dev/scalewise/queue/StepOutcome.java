package dev.scalewise.queue;

/**
 * What one control step of the service did. All counts are requests (fractional: the fluid model works
 * with expected counts); times in seconds.
 *
 * <p>Conservation holds exactly (to rounding): {@code arrived + backlogBefore = served + dropped + backlogAfter}.
 *
 * @param arrived       requests that arrived during the step
 * @param backlogBefore requests waiting at the start of the step
 * @param served        requests completed during the step
 * @param dropped       requests rejected (waiting room full)
 * @param backlogAfter  requests waiting at the end of the step
 * @param utilization   offered load per ready server, lambda / (c mu); with c = 0, lambda / mu
 * @param meanResponse  mean response time
 * @param p50           median response time
 * @param p95           95th percentile response time
 * @param p99           99th percentile response time
 * @param overloaded    true when the fluid (overload/backlog) regime was used instead of stationary M/M/c
 */
public record StepOutcome(double arrived, double backlogBefore, double served, double dropped, double backlogAfter,
                          double utilization, double meanResponse, double p50, double p95, double p99,
                          boolean overloaded) {
}

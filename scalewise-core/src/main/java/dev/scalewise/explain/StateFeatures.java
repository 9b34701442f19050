package dev.scalewise.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalewise.env.Observation;

/**
 * What a policy saw when it decided.
 *
 * @param utilization  offered load per ready instance in the last step
 * @param arrivalRate  arrival rate of the last step (requests/s)
 * @param trend        change of the arrival rate over the last step (requests/s: last minus the one before)
 * @param forecast     forecast arrival rate at the boot horizon (requests/s)
 * @param ready        ready instances
 * @param booting      booting instances
 * @param backlog      requests waiting
 * @param p95LatencyMs p95 response time of the last step (milliseconds)
 * @param label        the agent's discrete state, as its encoder describes it (null for baselines)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateFeatures(@JsonProperty("utilization") double utilization,
                            @JsonProperty("arrival_rate") double arrivalRate,
                            @JsonProperty("trend") double trend,
                            @JsonProperty("forecast") double forecast,
                            @JsonProperty("ready") int ready,
                            @JsonProperty("booting") int booting,
                            @JsonProperty("backlog") double backlog,
                            @JsonProperty("p95_latency_ms") double p95LatencyMs,
                            @JsonProperty("label") String label) {

    /** The features of an observation. */
    public static StateFeatures of(Observation o, String label) {
        return new StateFeatures(o.utilization(), o.arrivalRate(), o.arrivalRate() - o.previousArrivalRate(),
                o.forecastRate(), o.ready(), o.booting(), o.backlog(), 1000 * o.p95Seconds(), label);
    }
}

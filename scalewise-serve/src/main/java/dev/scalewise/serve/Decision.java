package dev.scalewise.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.scalewise.explain.DecisionRecord;

/**
 * One decision of the scaler, as logged (one JSON line each).
 *
 * @param time          when it was taken (Unix seconds)
 * @param scaledObject  {@code namespace/name}
 * @param source        {@code policy} (the configured policy decided), {@code fallback} (target tracking decided)
 *                      or {@code hold} (no usable metrics: the last decision is kept)
 * @param current       replicas in the deployment's spec when deciding (-1 when unknown)
 * @param proposed      what the deciding policy asked for, before the guard rails
 * @param desired       what KEDA is told, after the guard rails
 * @param reason        why, in one line with its numbers
 * @param sample        what was read (null when the read failed)
 * @param record        the same decision record {@code explain} writes: the policy's state, action and rule
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"time", "scaled_object", "source", "current", "proposed", "desired", "reason", "sample", "record"})
public record Decision(@JsonProperty("time") double time,
                       @JsonProperty("scaled_object") String scaledObject,
                       @JsonProperty("source") String source,
                       @JsonProperty("current") int current,
                       @JsonProperty("proposed") int proposed,
                       @JsonProperty("desired") int desired,
                       @JsonProperty("reason") String reason,
                       @JsonProperty("sample") LiveSample sample,
                       @JsonProperty("record") DecisionRecord record) {

    public static final String POLICY = "policy";
    public static final String FALLBACK = "fallback";
    public static final String HOLD = "hold";

    public boolean fellBack() {
        return !POLICY.equals(source);
    }
}

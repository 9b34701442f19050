package dev.scalewise.env;

/**
 * The result of {@link Environment#step(int)}.
 *
 * @param observation what the policy sees next
 * @param reward      the step's reward
 * @param terminated  a true terminal state was reached (never, in the autoscaling environments: a service
 *                    does not end)
 * @param truncated   the episode was cut (end of the trace or time limit); bootstrapping continues
 * @param info        what happened, in detail
 */
public record StepResult(Observation observation, double reward, boolean terminated, boolean truncated, StepInfo info) {

    /** The episode is over, by termination or truncation. */
    public boolean done() {
        return terminated || truncated;
    }
}

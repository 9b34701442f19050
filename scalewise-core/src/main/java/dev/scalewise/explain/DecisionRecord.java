package dev.scalewise.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One decision, with its evidence ({@code explain --json}, {@code CLI.md}).
 *
 * @param step            the step the action was applied to
 * @param policy          the policy's report name
 * @param horizon         the counterfactual horizon asked for, in steps
 * @param state           what the policy saw
 * @param qValues         action value per action of the agent (keys are a move's delta or a target's label, in the
 *                        agent's action order); empty for baselines
 * @param chosen          agents: the key of the action the agent chose (its greedy action); null for baselines
 * @param chosenDelta     agents: the instance delta the chosen action asked for on its own; null for baselines
 * @param action          the instance delta requested of the cluster (applied): an agent's chosen delta, unless its
 *                        scale-down stabilization window held it back ({@code heldBack})
 * @param heldBack        agents: why the applied delta differs from the chosen one; null when it does not
 * @param margin          Q of the chosen action minus the best Q of the agent's other actions (null for baselines)
 * @param rule            the rule that fired (null for agents)
 * @param reward          the step's reward
 * @param rewardTerms     the reward's terms for the step
 * @param counterfactuals one per alternative action
 * @param consequence     the largest {@code |delta_reward|} over the counterfactuals (0 when there are none): how
 *                        much the decision mattered, by the reward's own exchange rate
 * @param narrative       sentences generated from the numbers above (null until {@link #withNarrative})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"step", "policy", "horizon", "state", "q_values", "chosen", "chosen_delta", "action", "held_back",
        "margin", "rule", "reward",
        "reward_terms", "counterfactuals", "consequence", "narrative"})
public record DecisionRecord(@JsonProperty("step") int step,
                             @JsonProperty("policy") String policy,
                             @JsonProperty("horizon") int horizon,
                             @JsonProperty("state") StateFeatures state,
                             @JsonProperty("q_values") Map<String, Double> qValues,
                             @JsonProperty("chosen") String chosen,
                             @JsonProperty("chosen_delta") Integer chosenDelta,
                             @JsonProperty("action") int action,
                             @JsonProperty("held_back") HeldBack heldBack,
                             @JsonProperty("margin") Double margin,
                             @JsonProperty("rule") String rule,
                             @JsonProperty("reward") double reward,
                             @JsonProperty("reward_terms") Map<String, Double> rewardTerms,
                             @JsonProperty("counterfactuals") List<Counterfactual> counterfactuals,
                             @JsonProperty("consequence") double consequence,
                             @JsonProperty("narrative") String narrative) {

    public DecisionRecord {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(state, "state");
        qValues = qValues == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(qValues));
        rewardTerms = rewardTerms == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rewardTerms));
        counterfactuals = counterfactuals == null ? List.of() : List.copyOf(counterfactuals);
    }

    /** A baseline's decision (or a decision recorded without its agent's choice): chosen is what was requested. */
    public DecisionRecord(int step, String policy, int horizon, StateFeatures state, Map<String, Double> qValues,
                          int action, Double margin, String rule, double reward, Map<String, Double> rewardTerms,
                          List<Counterfactual> counterfactuals, double consequence, String narrative) {
        this(step, policy, horizon, state, qValues, null, null, action, null, margin, rule, reward, rewardTerms,
                counterfactuals, consequence, narrative);
    }

    /**
     * Why an agent's chosen scale-down was held back (Kubernetes HPA's scale-down stabilization,
     * {@code ActionSet.Executor}): capacity falls only to the highest target of the last {@code window} steps, so the
     * chosen, lower target is taken once it has lasted the window.
     *
     * @param steps  how many steps, this one included, the agent's targets have been at or below this step's
     *               (fewer than {@code window}: a higher target is still in the window)
     * @param window the stabilization window in steps
     */
    public record HeldBack(@JsonProperty("steps") int steps, @JsonProperty("window") int window) {
    }

    /** The key of an instance delta in {@link #qValues}. */
    public static String key(int delta) {
        return Integer.toString(delta);
    }

    /** The counterfactual of {@code action}, or null when none was simulated. */
    public Counterfactual counterfactual(int action) {
        for (Counterfactual c : counterfactuals) {
            if (c.action() == action) {
                return c;
            }
        }
        return null;
    }

    /** The same record with its narrative. */
    public DecisionRecord withNarrative(String text) {
        return new DecisionRecord(step, policy, horizon, state, qValues, chosen, chosenDelta, action, heldBack, margin,
                rule, reward, rewardTerms, counterfactuals, consequence, text);
    }
}

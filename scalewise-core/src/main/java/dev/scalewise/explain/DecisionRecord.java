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
 * @param qValues         action value per instance delta (keys are deltas, in the agent's action order); empty for
 *                        baselines
 * @param action          the instance delta the policy requested
 * @param margin          Q of the chosen action minus the best Q of the other actions (null for baselines)
 * @param rule            the rule that fired (null for agents)
 * @param reward          the step's reward
 * @param rewardTerms     the reward's terms for the step
 * @param counterfactuals one per alternative action
 * @param consequence     the largest {@code |delta_reward|} over the counterfactuals (0 when there are none): how
 *                        much the decision mattered, by the reward's own exchange rate
 * @param narrative       sentences generated from the numbers above (null until {@link #withNarrative})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"step", "policy", "horizon", "state", "q_values", "action", "margin", "rule", "reward",
        "reward_terms", "counterfactuals", "consequence", "narrative"})
public record DecisionRecord(@JsonProperty("step") int step,
                             @JsonProperty("policy") String policy,
                             @JsonProperty("horizon") int horizon,
                             @JsonProperty("state") StateFeatures state,
                             @JsonProperty("q_values") Map<String, Double> qValues,
                             @JsonProperty("action") int action,
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
        return new DecisionRecord(step, policy, horizon, state, qValues, action, margin, rule, reward, rewardTerms,
                counterfactuals, consequence, text);
    }
}

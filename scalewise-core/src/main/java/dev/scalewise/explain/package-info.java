/**
 * Decision forensics: why a policy scaled, and what would have happened otherwise.
 *
 * <p>{@link dev.scalewise.explain.Explainer} runs a policy through an episode of an
 * {@link dev.scalewise.env.AutoscaleEnv}, snapshotting the environment before every decision; a
 * {@link dev.scalewise.explain.DecisionRecord} holds what the policy saw (state features), its action values (for
 * agents) or the rule that fired (for baselines), the reward terms, and {@link dev.scalewise.explain.Counterfactual}
 * rollouts of every alternative action under the same random streams. {@link dev.scalewise.explain.Narrative} turns
 * a record's numbers (and only those) into sentences; {@link dev.scalewise.explain.PolicyMap} tabulates a greedy
 * policy over utilization x instances.
 */
package dev.scalewise.explain;

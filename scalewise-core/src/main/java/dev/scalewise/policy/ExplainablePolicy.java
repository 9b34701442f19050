package dev.scalewise.policy;

/**
 * A rule-based policy that can name the rule behind its last decision, for explanations: which threshold was
 * crossed, which stabilization window or cooldown held, which rate limit cut the change.
 */
public interface ExplainablePolicy {

    /** The rule that decided the last {@link Policy#act} call, in one line with its numbers; never null. */
    String lastRule();
}

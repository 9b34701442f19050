package dev.scalewise.explain;

import dev.scalewise.env.Observation;
import dev.scalewise.policy.Policy;
import java.util.List;

/**
 * A policy that decides by Q-values over real-valued features (a deep Q-network, in scalewise-nn), so that
 * {@link Explainer} shows its Q-value per action and its features by name. The encoder may keep history within an
 * episode: {@link #features} takes the observations in step order, as {@link #act} does.
 */
public interface QValuePolicy extends Policy {

    /** The features' names, in vector order. */
    List<String> featureNames();

    /** The features of {@code o}, the next observation of the episode (a fresh array). */
    double[] features(Observation o);

    /** Q-values of every action index for a feature vector. */
    double[] qValues(double[] features);

    /** The key of action index {@code a} in explanations: the delta of a move ("-1", "0", "1") or a target's label. */
    String actionKey(int a);

    /** The instance delta that action index {@code a} requests after observing {@code o}. */
    int deltaOf(int a, Observation o);

    /** The action index {@link #act} takes for a feature vector (before any executor): the first of the highest. */
    default int greedyAction(double[] features) {
        double[] q = qValues(features);
        int best = 0;
        for (int a = 1; a < q.length; a++) {
            if (q[a] > q[best]) {
                best = a;
            }
        }
        return best;
    }

    /**
     * The action index the last {@link #act} chose, before a scale-down stabilization window
     * ({@link #stabilizationSteps()}) held its delta back; the explanation names it beside the delta applied.
     */
    int lastAction();

    /** The scale-down stabilization window {@link #act} applies, in steps (0: none). */
    default int stabilizationSteps() {
        return 0;
    }
}

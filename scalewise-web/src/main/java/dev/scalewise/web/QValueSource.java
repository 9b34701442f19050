package dev.scalewise.web;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the agent inspector gets Q-values: opens the trained model of a run folder, if it recognises one. The
 * agents module plugs in a source that reads its Q-table format; {@link #NONE} recognises nothing, and the
 * dashboard then says that no trained model is available.
 */
public interface QValueSource {

    /** Recognises no model. */
    QValueSource NONE = new QValueSource() {
        @Override
        public Optional<Model> open(Path runDir) {
            return Optional.empty();
        }

        @Override
        public String unavailableReason() {
            return "no Q-value reader is installed in this build (the tabular agents provide one)";
        }
    };

    /** The model saved in {@code runDir}, or empty when this source does not recognise the folder. */
    Optional<Model> open(Path runDir) throws IOException;

    /** Why no model can be shown when {@link #open} finds none, for the page (default: a generic line). */
    default String unavailableReason() {
        return "no run folder holds a trained model this build can read";
    }

    /**
     * A state as the inspector sets it; a model maps it to its own encoding.
     *
     * @param utilization    offered load per ready instance (0 = idle, 1 = saturated)
     * @param instances      ready + booting instances
     * @param trend          relative change of the arrival rate over the last step (0.1 = +10%)
     * @param forecastChange relative change the forecast expects at the boot horizon (0.1 = +10%)
     */
    record StateQuery(double utilization, int instances, double trend, double forecastChange) {
        /** Validates ranges, naming the parameter. */
        public StateQuery {
            if (!(utilization >= 0 && utilization <= 10)) {
                throw ApiException.badRequest("utilization must be a number in [0, 10], got " + utilization);
            }
            if (instances < 0 || instances > 10_000) {
                throw ApiException.badRequest("instances must be an integer in [0, 10000], got " + instances);
            }
            if (!(trend >= -1 && trend <= 10)) {
                throw ApiException.badRequest("trend must be a number in [-1, 10], got " + trend);
            }
            if (!(forecastChange >= -1 && forecastChange <= 10)) {
                throw ApiException.badRequest("forecast must be a number in [-1, 10], got " + forecastChange);
            }
        }
    }

    /**
     * What the model does in one state.
     *
     * @param state    the model's own label of the encoded state (e.g. {@code "util<=0.8, n=5, trend up"})
     * @param qValues  Q-value per action label, in the model's action order
     * @param action   the greedy action's label
     * @param visits   how often training visited the state: 0 = never (its Q-values are the initial ones and the
     *                 action is only the tie-break), a positive count when known, {@link #UNKNOWN_VISITS} when the
     *                 model cannot tell (a function approximator generalises to every state)
     */
    record Decision(String state, Map<String, Double> qValues, String action, long visits) {
        /** A decision whose state's visit count is unknown. */
        public Decision(String state, Map<String, Double> qValues, String action) {
            this(state, qValues, action, UNKNOWN_VISITS);
        }

        /** Whether training never visited the state. */
        public boolean unvisited() {
            return visits == 0;
        }
    }

    /** {@link Decision#visits()} when the model cannot tell. */
    long UNKNOWN_VISITS = -1;

    /** A trained model the inspector can query. */
    interface Model {
        /** A short description (agent, encoder, episodes trained). */
        String name();

        /** Action labels in the model's order (e.g. {@code -1, 0, +1}). */
        List<String> actions();

        /** Most instances worth showing on the heatmap's axis. */
        int maxInstances();

        /** The Q-values and the greedy decision in {@code state}. */
        Decision decide(StateQuery state);

        /**
         * The model's own input features, for the feature inspector (empty: the model is read through
         * {@link StateQuery} only, as the utilization x instances agents are).
         */
        default List<Feature> features() {
            return List.of();
        }

        /**
         * The Q-values and the greedy decision for these feature values, one per {@link #features()} entry by name,
         * each within its range (the server checks names and ranges before calling).
         */
        default Decision decideFeatures(Map<String, Double> values) {
            throw ApiException.badRequest("this model has no feature inspector; query it by utilization and instances");
        }
    }

    /**
     * One input of a model, as the feature inspector shows it.
     *
     * @param name        the feature's name (e.g. {@code headroom}), also its query parameter
     * @param description what it measures, for the page
     * @param min         lowest value accepted
     * @param max         highest value accepted
     * @param step        the input's step
     * @param initial     the value the page starts from
     * @param edges       the model's bin edges on this feature (empty for a continuous input)
     */
    record Feature(String name, String description, double min, double max, double step, double initial,
            List<Double> edges) {
        /** Validates the range. */
        public Feature {
            if (!(min < max) || !(step > 0) || !(initial >= min && initial <= max)) {
                throw new IllegalArgumentException("feature " + name + ": bad range [" + min + ", " + max + "], step "
                        + step + ", initial " + initial);
            }
            edges = List.copyOf(edges);
        }
    }
}

package dev.scalewise.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Epsilon as a function of the episode index (0-based), fixed for the whole episode. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ExplorationSchedule.Linear.class, name = "linear"),
        @JsonSubTypes.Type(value = ExplorationSchedule.Exponential.class, name = "exponential"),
        @JsonSubTypes.Type(value = ExplorationSchedule.Constant.class, name = "constant")})
public sealed interface ExplorationSchedule {

    /** Epsilon for episode {@code episode}. */
    double epsilon(int episode);

    /**
     * Linear decay from {@code start} to {@code end} over {@code episodes} episodes, then {@code end}:
     * {@code max(end, start - (start - end) e / episodes)}. The first seed: 1.0 to 0.05 over 300.
     */
    record Linear(double start, double end, int episodes) implements ExplorationSchedule {
        public Linear {
            checkEpsilon("linear.start", start);
            checkEpsilon("linear.end", end);
            if (episodes <= 0) {
                throw new IllegalArgumentException("exploration.linear.episodes must be > 0, got " + episodes);
            }
        }

        @Override
        public double epsilon(int episode) {
            if (episode >= episodes) {
                return end;
            }
            return start + (end - start) * episode / episodes;
        }
    }

    /**
     * Exponential decay per episode with a floor: {@code max(floor, start decay^e)}. The second seed: start 1.0,
     * decay 0.9995.
     */
    record Exponential(double start, double decay, double floor) implements ExplorationSchedule {
        public Exponential {
            checkEpsilon("exponential.start", start);
            checkEpsilon("exponential.floor", floor);
            if (!(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException("exploration.exponential.decay must be in (0, 1], got " + decay);
            }
        }

        @Override
        public double epsilon(int episode) {
            return Math.max(floor, start * Math.pow(decay, episode));
        }
    }

    /** The same epsilon every episode. */
    record Constant(double value) implements ExplorationSchedule {
        public Constant {
            checkEpsilon("constant.value", value);
        }

        @Override
        public double epsilon(int episode) {
            return value;
        }
    }

    private static void checkEpsilon(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("exploration." + field + " must be in [0, 1], got " + v);
        }
    }
}

package dev.scalewise.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registry of tabular agents by name. */
public final class Agents {
    /** Builds an agent for a number of states, an action set, alpha and gamma. */
    @FunctionalInterface
    public interface Factory {
        Agent create(int states, ActionSet actions, double alpha, double gamma);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(QLearningAgent.NAME, QLearningAgent::new);
        FACTORIES.put(SarsaAgent.NAME, SarsaAgent::new);
        FACTORIES.put(DoubleQAgent.NAME, DoubleQAgent::new);
    }

    private Agents() {
    }

    /** Registered names: {@code q-learning}, {@code sarsa}, {@code double-q}. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    public static Agent create(String name, int states, ActionSet actions, double alpha, double gamma) {
        Factory f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown agent '" + name + "'; known: " + String.join(", ", names()));
        }
        return f.create(states, actions, alpha, gamma);
    }
}

package dev.scalewise.experiment;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a training run folder into a policy factory (the frozen greedy policy of a trained agent), for
 * {@code compare --model RUN_DIR}. Implementations are found with {@link java.util.ServiceLoader}; the agents
 * module provides one.
 */
public interface RunPolicyLoader {

    /** A factory for the agent saved in {@code runDir}, or empty when this loader does not recognise the folder. */
    Optional<PolicyRegistry.Factory> load(Path runDir);

    /** The report name of the agent in {@code runDir} (default: {@code agent:<folder name>}). */
    default String name(Path runDir) {
        return "agent:" + runDir.getFileName();
    }
}

package dev.scalewise.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.LegacySeedAEnv;
import dev.scalewise.env.LegacySeedBEnv;
import java.util.Objects;

/**
 * The environment an agent trains in, as data.
 *
 * @param env      environment id: {@code autoscale-v1} (honest physics), {@code legacy-seed-a-v1} or
 *                 {@code legacy-seed-b-v1}
 * @param workload the workload generating each episode's trace
 * @param config     the {@link EnvConfig} of {@code autoscale-v1} (null for the legacy presets)
 * @param forecaster the demand forecaster filling the observations' {@code forecastRate} (optional, {@code
 *                   autoscale-v1} only; null: the forecast equals the last observed rate, as before). Left out of
 *                   {@code spec.json} when null, so older run folders read back unchanged.
 * @param randomization a fresh scale and boot delay every episode ({@link RandomizedEnv}; optional,
 *                   {@code autoscale-v1} only; left out of {@code spec.json} when null)
 */
public record ScenarioSpec(String env, WorkloadSpec workload, EnvConfig config,
                           @JsonInclude(JsonInclude.Include.NON_NULL) ForecasterSpec forecaster,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Randomization randomization) {
    public ScenarioSpec {
        Objects.requireNonNull(env, "scenario.env");
        Objects.requireNonNull(workload, "scenario.workload");
        if (env.equals(AutoscaleEnv.ID) && config == null) {
            throw new IllegalArgumentException("scenario.config is required for " + AutoscaleEnv.ID);
        }
        if (!env.equals(AutoscaleEnv.ID) && !env.equals(LegacySeedAEnv.ID) && !env.equals(LegacySeedBEnv.ID)) {
            throw new IllegalArgumentException("scenario.env must be one of " + AutoscaleEnv.ID + ", " + LegacySeedAEnv.ID
                    + ", " + LegacySeedBEnv.ID + "; got '" + env + "'");
        }
        if (randomization != null && !env.equals(AutoscaleEnv.ID)) {
            throw new IllegalArgumentException("scenario.randomization needs env " + AutoscaleEnv.ID + "; got '" + env + "'");
        }
        if (forecaster != null && !env.equals(AutoscaleEnv.ID)) {
            throw new IllegalArgumentException("scenario.forecaster needs env " + AutoscaleEnv.ID + " (the legacy "
                    + "environments have no forecast input); got '" + env + "'");
        }
    }

    /** A scenario without randomization. */
    public ScenarioSpec(String env, WorkloadSpec workload, EnvConfig config, ForecasterSpec forecaster) {
        this(env, workload, config, forecaster, null);
    }

    /** A scenario without a forecaster. */
    public ScenarioSpec(String env, WorkloadSpec workload, EnvConfig config) {
        this(env, workload, config, null);
    }

    /** The default scenario: {@code autoscale-v1} with {@link EnvConfig#defaults()} on a day of diurnal traffic. */
    public static ScenarioSpec defaults() {
        return new ScenarioSpec(AutoscaleEnv.ID, WorkloadSpec.of(Scenarios.DEFAULT_WORKLOAD), EnvConfig.defaults());
    }

    /** The first seed's dynamics and workload. */
    public static ScenarioSpec seedA() {
        return new ScenarioSpec(LegacySeedAEnv.ID, WorkloadSpec.of("seed-a"), null);
    }

    /** The second seed's dynamics and workload. */
    public static ScenarioSpec seedB() {
        return new ScenarioSpec(LegacySeedBEnv.ID, WorkloadSpec.of("seed-b"), null);
    }

    /** The same environment on another workload. */
    public ScenarioSpec withWorkload(WorkloadSpec w) {
        return new ScenarioSpec(env, w, config, forecaster, randomization);
    }

    /** The same scenario with the forecaster {@code f} (null: none). */
    public ScenarioSpec withForecaster(ForecasterSpec f) {
        return new ScenarioSpec(env, workload, config, f, randomization);
    }

    /** The same scenario with a new scale and boot delay every episode ({@code null}: none). */
    public ScenarioSpec withRandomization(Randomization r) {
        return new ScenarioSpec(env, workload, config, forecaster, r);
    }
}

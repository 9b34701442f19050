package dev.scalewise.experiment;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.RefittingLoadForecaster;
import dev.scalewise.oracle.Oracle;
import dev.scalewise.oracle.OraclePolicy;
import dev.scalewise.policy.HpaPolicy;
import dev.scalewise.policy.KedaPolicy;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.PredictiveScalingConfig;
import dev.scalewise.policy.PredictiveScalingPolicy;
import dev.scalewise.policy.PredictiveTargetTrackingPolicy;
import dev.scalewise.policy.StaticPolicy;
import dev.scalewise.policy.StepScalingPolicy;
import dev.scalewise.policy.TargetTrackingPolicy;
import dev.scalewise.policy.ThresholdPolicy;
import dev.scalewise.workload.Trace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policy names -&gt; factories, instead of if/else chains. Every baseline is registered with its documented
 * defaults; callers may register more (trained agents, tuned variants).
 */
public final class PolicyRegistry {

    /**
     * What a factory may use. Baselines use only {@code env.spec()} and, for the static world, the trace's peak (as
     * static peak provisioning is sized in practice) and for predictive scaling the observed {@code history}; the
     * oracle alone uses the future ({@code realizedRates}).
     *
     * @param trace         the trace being replayed
     * @param env           the environment's configuration
     * @param realizedRates the arrival rates every policy will see in this episode (Poisson draws included)
     * @param history       arrival rates observed before the trace, one per step (may be empty)
     * @param seed          the episode's seed
     */
    public record Context(Trace trace, EnvConfig env, double[] realizedRates, double[] history, long seed) {
    }

    /** Builds a fresh policy for one episode. */
    @FunctionalInterface
    public interface Factory {
        Policy create(Context context);
    }

    private final Map<String, Factory> factories = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** The baselines and the oracle, with their documented defaults. */
    public static PolicyRegistry defaults() {
        PolicyRegistry r = new PolicyRegistry();
        r.register("static", "static peak provisioning: ceil(peak / (mu x 0.7)) instances, held",
                c -> StaticPolicy.forPeak(c.trace().peakRate(), c.env().serviceRate(), 0.7,
                        Math.max(1, c.env().cluster().minInstances())));
        r.register("threshold", "+1 above 80% utilization, -1 below 40%, 300 s cooldown", c -> ThresholdPolicy.defaults());
        r.register("hpa", "Kubernetes HPA (autoscaling/v2 defaults, 70% CPU target, no behavior)", c -> HpaPolicy.defaults());
        r.register("keda", "KEDA on request rate (0.7 x mu req/s per replica; scale to zero after 300 s cooldown)",
                c -> KedaPolicy.defaults());
        r.register("aws-target-tracking", "AWS target tracking (50% CPU, 300 s warm-up)", c -> TargetTrackingPolicy.defaults());
        r.register("aws-step", "AWS step scaling (+10/20/30% above 60%, -10% below 30%)", c -> StepScalingPolicy.defaults());
        r.register("aws-predictive", "AWS predictive scaling (seasonal naive, 300 s buffer) + target tracking",
                c -> new PredictiveTargetTrackingPolicy(
                        new PredictiveScalingPolicy(PredictiveScalingConfig.defaults()
                                .withMode(PredictiveScalingConfig.Mode.FORECAST_AND_SCALE), null, c.history()),
                        TargetTrackingPolicy.defaults()));
        r.register("oracle", "offline optimum over the known arrivals (a floor, not a real policy)",
                c -> new OraclePolicy(Oracle.plan(c.realizedRates(), c.env())));
        dev.scalewise.reference.ReferencePolicies.defaults().registerInto(r);
        return r;
    }

    /** Adds or replaces a factory. */
    public PolicyRegistry register(String name, String description, Factory factory) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("policy name must not be blank");
        }
        factories.put(name, java.util.Objects.requireNonNull(factory, "factory"));
        descriptions.put(name, description == null ? "" : description);
        return this;
    }

    /** Prefix of a predictive policy backed by a registered forecaster: {@code aws-predictive:holt-winters-add}. */
    public static final String PREDICTIVE_PREFIX = "aws-predictive:";

    /**
     * AWS predictive scaling + target tracking with its {@code LoadForecaster} backed by the forecaster
     * {@code forecasterName} of {@link ForecasterRegistry#standard()}: season = the predictive config's one day in
     * environment steps, refitted at each refresh on the rates the policy has observed (the context's history, then
     * its own observations), never the future ({@link RefittingLoadForecaster}).
     */
    public static Factory predictive(String forecasterName) {
        ForecasterRegistry forecasters = ForecasterRegistry.standard();
        forecasters.entry(forecasterName);
        return c -> predictive(forecasters, forecasterName, c.env(), c.history(), c.seed());
    }

    /**
     * One AWS predictive scaling + target tracking policy with forecaster {@code forecasterName} of {@code forecasters}
     * (as {@link #predictive(String)}), having observed {@code history}; {@code seed} seeds the forecaster's fits.
     */
    public static Policy predictive(ForecasterRegistry forecasters, String forecasterName, EnvConfig env,
                                    double[] history, long seed) {
        PredictiveScalingConfig pc = PredictiveScalingConfig.defaults()
                .withMode(PredictiveScalingConfig.Mode.FORECAST_AND_SCALE);
        double dt = env.stepSeconds();
        int season = Math.max(1, (int) Math.round(pc.seasonSeconds() / dt));
        int horizon = Math.max(1, (int) Math.ceil(pc.forecastHorizonSeconds() / dt - 1e-9));
        RefittingLoadForecaster lf = new RefittingLoadForecaster(forecasters, forecasterName,
                ForecasterConfig.of(season, horizon, seed));
        return new PredictiveTargetTrackingPolicy(new PredictiveScalingPolicy(pc, lf, history),
                TargetTrackingPolicy.defaults());
    }

    /** Prefix of {@code mpc} with a given registered forecaster: {@code mpc:holt}. */
    public static final String MPC_PREFIX = "mpc:";

    /**
     * The factory for {@code name}; fails with the known names listed. Besides the registered names,
     * {@code aws-predictive:FORECASTER} gives {@link #predictive(String)}, {@code aws-predictive:FORECASTER@tuned}
     * its quantile level tuned on the training part
     * ({@link dev.scalewise.reference.ReferencePolicies#awsPredictiveTuned}), and {@code mpc:FORECASTER} gives
     * {@code mpc} with that forecaster ({@link dev.scalewise.reference.ReferencePolicies#mpc}).
     */
    public Factory factory(String name) {
        Factory f = factories.get(name);
        if (f == null && name != null && name.startsWith(MPC_PREFIX)) {
            return dev.scalewise.reference.ReferencePolicies.defaults().mpc(List.of(name.substring(MPC_PREFIX.length())));
        }
        if (f == null && name != null && name.startsWith(PREDICTIVE_PREFIX)
                && name.endsWith(dev.scalewise.reference.ReferencePolicies.TUNED_QUANTILE)) {
            String base = name.substring(PREDICTIVE_PREFIX.length(),
                    name.length() - dev.scalewise.reference.ReferencePolicies.TUNED_QUANTILE.length());
            return dev.scalewise.reference.ReferencePolicies.defaults().awsPredictiveTuned(base);
        }
        if (f == null && name != null && name.startsWith(PREDICTIVE_PREFIX)) {
            return predictive(name.substring(PREDICTIVE_PREFIX.length()));
        }
        if (f == null) {
            throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + String.join(", ", names())
                    + ", " + PREDICTIVE_PREFIX + "<forecaster>, " + MPC_PREFIX + "<forecaster>");
        }
        return f;
    }

    public Policy create(String name, Context context) {
        return factory(name).create(context);
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** Registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    public String description(String name) {
        return descriptions.getOrDefault(name, "");
    }

    /** The baselines (every registered policy except the oracle), in registration order. */
    public List<String> baselines() {
        return names().stream().filter(n -> !n.equals("oracle")).toList();
    }
}

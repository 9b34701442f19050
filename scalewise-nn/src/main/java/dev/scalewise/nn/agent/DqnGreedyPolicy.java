package dev.scalewise.nn.agent;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.explain.QValuePolicy;
import dev.scalewise.forecast.ForecastFeature;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.policy.Policy;

/**
 * A frozen DQN as a core {@link Policy} (named {@code rl-dqn}), so that whatever evaluates, compares or serves
 * policies can run it: each observation goes through the feature encoder, the {@link DqnPolicy} picks the greedy
 * action index and the action mapping's {@link EncodedEnvironment.ActionMapping#executor() executor} turns it into an
 * instance delta (in residual mode with the scale-down stabilization of training). The encoder is given as functions,
 * as for {@link EncodedEnvironment}; give each policy its own encoder instance when the encoder keeps history.
 *
 * <p>A DQN trained with a forecaster in its scenario (the residual action set observes {@code mpc}'s EWMA forecast)
 * carries that forecast itself: with a {@link ForecastFeature}, every observation's {@code forecastRate} is replaced
 * by the feature's forecast from the rates observed so far, exactly as {@link ForecastingPolicy} computes it (one is
 * kept for that), before it is encoded or an action's target is computed; so the policy acts in a plain environment
 * as it did in training, and stays a {@link QValuePolicy} for explanations. Observations are taken in step order;
 * the same observation object given again (an explanation's features, then its alternatives) is not recorded twice.
 */
public final class DqnGreedyPolicy implements QValuePolicy {
    private final DqnPolicy network;
    private final Consumer<EnvSpec> onReset;
    private final EncodedEnvironment.Encoder encoder;
    private final EncodedEnvironment.ActionMapping actions;
    private final EncodedEnvironment.ActionMapping.Executor executor;
    private final ForecastingPolicy forecast;
    private final double[] features;
    private int lastAction = -1;
    private Observation lastRaw;
    private Observation lastSeen;
    private Observation lastEncoded;
    private final List<String> featureNames;
    private EnvSpec spec;

    public DqnGreedyPolicy(DqnPolicy network, Consumer<EnvSpec> onReset, EncodedEnvironment.Encoder encoder,
                           EncodedEnvironment.ActionMapping actions) {
        this(network, onReset, encoder, actions, List.of());
    }

    /** @param featureNames the features' names for explanations (empty: x0, x1, ...) */
    public DqnGreedyPolicy(DqnPolicy network, Consumer<EnvSpec> onReset, EncodedEnvironment.Encoder encoder,
                           EncodedEnvironment.ActionMapping actions, List<String> featureNames) {
        this(network, onReset, encoder, actions, featureNames, null);
    }

    /**
     * @param featureNames the features' names for explanations (empty: x0, x1, ...)
     * @param forecast     the forecast the network was trained to observe, a fresh feature for this policy; null for
     *                     the environment's own
     */
    public DqnGreedyPolicy(DqnPolicy network, Consumer<EnvSpec> onReset, EncodedEnvironment.Encoder encoder,
                           EncodedEnvironment.ActionMapping actions, List<String> featureNames,
                           ForecastFeature forecast) {
        this(network, onReset, encoder, actions, featureNames, forecast, new double[0]);
    }

    /**
     * As above, the forecast warmed with {@code warmup}, the rates observed before each episode (e.g. the training
     * part before held-out days), as {@link ForecastingPolicy}'s warm-up and {@code mpc}'s forecaster are: without it
     * a held-out part that starts idle is forecast at 0 req/s until the forecaster catches up.
     */
    public DqnGreedyPolicy(DqnPolicy network, Consumer<EnvSpec> onReset, EncodedEnvironment.Encoder encoder,
                           EncodedEnvironment.ActionMapping actions, List<String> featureNames,
                           ForecastFeature forecast, double[] warmup) {
        this.forecast = forecast == null ? null : new ForecastingPolicy(NOTHING, forecast, warmup);
        this.featureNames = List.copyOf(featureNames);
        this.network = Objects.requireNonNull(network, "network");
        this.onReset = Objects.requireNonNull(onReset, "onReset");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.executor = actions.executor();
        if (actions.size() != network.actions()) {
            throw new IllegalArgumentException("the network has " + network.actions() + " actions, the mapping "
                    + actions.size());
        }
        this.features = new double[network.dimension()];
    }

    @Override
    public String name() {
        return "rl-" + DqnAgent.NAME;
    }

    @Override
    public void reset(EnvSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        onReset.accept(spec);
        executor.reset();
        if (forecast != null) {
            forecast.reset(spec);
        }
        lastRaw = null;
        lastEncoded = null;
        lastSeen = null;
        lastAction = -1;
    }

    @Override
    public int act(Observation observation) {
        Observation o = see(observation);
        lastAction = network.greedyAction(encode(o));
        return executor.delta(lastAction, o, spec);
    }

    /** The action index the last {@link #act} chose, before the scale-down stabilization window (-1 before any). */
    @Override
    public int lastAction() {
        return lastAction;
    }

    @Override
    public int greedyAction(double[] x) {
        return network.greedyAction(x);
    }

    @Override
    public int stabilizationSteps() {
        return actions.stabilizationSteps();
    }

    /** Q-values of every action index for {@code observation} (for explanations); call in step order. */
    public double[] qValues(Observation observation) {
        return network.qValues(encode(see(observation)));
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public double[] features(Observation o) {
        return encode(see(o)).clone();
    }

    @Override
    public double[] qValues(double[] x) {
        return network.qValues(x);
    }

    @Override
    public String actionKey(int a) {
        return actions.label(a);
    }

    @Override
    public int deltaOf(int a, Observation o) {
        return actions.delta(a, see(o), spec);
    }

    /** Whether this policy fills the observations' forecast itself (it was trained with a forecaster). */
    public boolean forecasts() {
        return forecast != null;
    }

    /** The frozen network. */
    public DqnPolicy network() {
        return network;
    }

    /**
     * The features of {@code o}, encoded once per observation: the encoder keeps a history (volatility, the long
     * trend, calm, the forecast's error), so encoding the same step again, e.g. {@link #features} after {@link #act}
     * for an explanation, would record it twice and change every later state.
     */
    private double[] encode(Observation o) {
        if (o != lastEncoded) {
            encoder.encode(o, spec, features);
            lastEncoded = o;
        }
        return features;
    }

    /** {@code o} as the network saw it in training: with the policy's own forecast, recorded once per observation. */
    private Observation see(Observation o) {
        if (spec == null) {
            throw new IllegalStateException("call reset(spec) before act()");
        }
        if (forecast == null) {
            return o;
        }
        if (o != lastRaw) {
            lastRaw = o;
            lastSeen = forecast.withForecast(o);
        }
        return lastSeen;
    }

    /** The inner policy of the forecast tracker: never asked to act (only its {@code withForecast} is used). */
    private static final Policy NOTHING = new Policy() {
        @Override
        public String name() {
            return "forecast";
        }

        @Override
        public void reset(EnvSpec spec) {
        }

        @Override
        public int act(Observation observation) {
            throw new UnsupportedOperationException("the forecast tracker does not act");
        }
    };
}

package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The default state ({@code default}) for the honest environment: what a scaling decision needs under a boot
 * delay.
 * <ul>
 *   <li>utilization of the ready instances in the last step, upper-closed bins (default edges 0.3, 0.5, 0.6,
 *       0.7, 0.8, 0.85, 0.9, 0.95, 1.0: fine where the latency objective starts to bite);</li>
 *   <li>instances (ready + booting), lower-closed bins of counts (default edges 2, 3, 4, 6, 8, 10, 12, 16, 20,
 *       28): how much one instance changes the utilization;</li>
 *   <li>booting &gt; 0 (capacity already on its way), backlog &gt; 0 (overload now);</li>
 *   <li>trend of the arrival rate against the previous step, beyond +-{@code trendThreshold} relative (default
 *       2%), and the forecast direction at the boot horizon against the current rate, beyond
 *       +-{@code forecastThreshold} relative (default 5%; "stable" without a forecaster).</li>
 * </ul>
 * Default size 10 x 11 x 2 x 2 x 3 x 3 = 3,960.
 */
public final class DefaultEncoder implements StateEncoder {
    public static final String TYPE = "default";

    private final Bins util;
    private final Bins instances;
    private final double trendThreshold;
    private final double forecastThreshold;
    private final EncoderDefinition definition;

    public DefaultEncoder(double[] utilizationEdges, double[] instanceEdges, double trendThreshold,
                          double forecastThreshold) {
        if (!(trendThreshold >= 0) || !(forecastThreshold >= 0)) {
            throw new IllegalArgumentException("encoder.default: thresholds must be >= 0, got trend " + trendThreshold
                    + ", forecast " + forecastThreshold);
        }
        this.util = Bins.upperClosed("default.utilization", utilizationEdges);
        this.instances = Bins.lowerClosed("default.instances", instanceEdges);
        this.trendThreshold = trendThreshold;
        this.forecastThreshold = forecastThreshold;
        this.definition = new EncoderDefinition(TYPE, Map.of(
                "utilization_edges", DoubleStream.of(utilizationEdges).boxed().toList(),
                "instance_edges", DoubleStream.of(instanceEdges).boxed().toList(),
                "trend_threshold", List.of(trendThreshold),
                "forecast_threshold", List.of(forecastThreshold)));
    }

    public static DefaultEncoder defaults() {
        return new DefaultEncoder(new double[] {0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0},
                new double[] {2, 3, 4, 6, 8, 10, 12, 16, 20, 28}, 0.02, 0.05);
    }

    static DefaultEncoder from(EncoderDefinition d) {
        return new DefaultEncoder(d.array("utilization_edges"), d.array("instance_edges"), d.scalar("trend_threshold"),
                d.scalar("forecast_threshold"));
    }

    @Override
    public int encode(Observation o, EnvSpec spec) {
        int s = util.index(o.utilization());
        s = s * instances.count() + instances.index(o.instances());
        s = s * 2 + (o.booting() > 0 ? 1 : 0);
        s = s * 2 + (o.backlog() > 0 ? 1 : 0);
        s = s * 3 + Direction.of(o.arrivalRate(), o.previousArrivalRate(), trendThreshold, true, 1e-9);
        return s * 3 + Direction.of(o.forecastRate(), o.arrivalRate(), forecastThreshold, true, 1e-9);
    }

    @Override
    public int size() {
        return util.count() * instances.count() * 36;
    }

    @Override
    public EncoderDefinition definition() {
        return definition;
    }

    @Override
    public String describe(int s) {
        int fc = s % 3;
        s /= 3;
        int trend = s % 3;
        s /= 3;
        int backlog = s % 2;
        s /= 2;
        int booting = s % 2;
        s /= 2;
        int inst = s % instances.count();
        int u = s / instances.count();
        return "utilization=" + util.label(u) + " instances=" + instances.label(inst) + " booting=" + (booting == 1)
                + " backlog=" + (backlog == 1) + " trend=" + Direction.LABELS[trend] + " forecast="
                + Direction.LABELS[fc];
    }
}

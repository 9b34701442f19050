package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The second seed's state ({@code seed-b}): (utilization bin, capacity, trend, forecast direction).
 * <ul>
 *   <li>utilization: upper-closed bins with edges 0.3, 0.5, 0.8, 1.0, i.e. {@code <=0.3, <=0.5, <=0.8, <=1.0,
 *       >1.0} (the seed writes {@code <0.3} and {@code <0.5}: the two differ only at exactly 0.3 and 0.5);</li>
 *   <li>capacity: instances (ready + booting) clamped to {@code [min, max]} (default 1..20);</li>
 *   <li>trend: the arrival rate against the previous step's, beyond {@code +-trendThreshold} (default 0.02), in
 *       absolute units ({@code trendRelative = 0}, the seed's, whose load lies in [0, 1]) or relative to the
 *       previous rate ({@code trendRelative = 1}, for rates in requests/s). Unlike the seed (off by one, always
 *       "stable"), this compares the last two observed steps;</li>
 *   <li>forecast direction: the observation's forecast against the current rate, beyond +-5% relative. The
 *       forecast comes from the environment's {@code DemandForecast}, from past data only (the seed's moving
 *       average looked one step ahead); without one it equals the current rate, i.e. "stable".</li>
 * </ul>
 * Default size 5 x 20 x 3 x 3 = 900.
 */
public final class SeedBEncoder implements StateEncoder {
    public static final String TYPE = "seed-b";

    private final Bins util;
    private final int minInstances;
    private final int maxInstances;
    private final double trendThreshold;
    private final boolean trendRelative;
    private final double forecastThreshold;
    private final EncoderDefinition definition;

    public SeedBEncoder(double[] utilizationEdges, int minInstances, int maxInstances, double trendThreshold,
                        boolean trendRelative, double forecastThreshold) {
        if (minInstances < 0 || maxInstances < minInstances) {
            throw new IllegalArgumentException("encoder.seed-b: need 0 <= minInstances <= maxInstances, got "
                    + minInstances + ".." + maxInstances);
        }
        if (!(trendThreshold >= 0) || !(forecastThreshold >= 0)) {
            throw new IllegalArgumentException("encoder.seed-b: thresholds must be >= 0, got trend " + trendThreshold
                    + ", forecast " + forecastThreshold);
        }
        this.util = Bins.upperClosed("seed-b.utilization", utilizationEdges);
        this.minInstances = minInstances;
        this.maxInstances = maxInstances;
        this.trendThreshold = trendThreshold;
        this.trendRelative = trendRelative;
        this.forecastThreshold = forecastThreshold;
        this.definition = new EncoderDefinition(TYPE, Map.of(
                "utilization_edges", DoubleStream.of(utilizationEdges).boxed().toList(),
                "instances", List.of((double) minInstances, (double) maxInstances),
                "trend_threshold", List.of(trendThreshold),
                "trend_relative", List.of(trendRelative ? 1.0 : 0.0),
                "forecast_threshold", List.of(forecastThreshold)));
    }

    /** The seed's: edges 0.3/0.5/0.8/1.0, capacity 1..20, absolute trend threshold 0.02, forecast +-5%. */
    public static SeedBEncoder defaults() {
        return new SeedBEncoder(new double[] {0.3, 0.5, 0.8, 1.0}, 1, 20, 0.02, false, 0.05);
    }

    static SeedBEncoder from(EncoderDefinition d) {
        double[] inst = d.array("instances");
        if (inst.length != 2) {
            throw new IllegalArgumentException("encoder.seed-b.instances must be [min, max], got " + d.get("instances"));
        }
        return new SeedBEncoder(d.array("utilization_edges"), (int) inst[0], (int) inst[1], d.scalar("trend_threshold"),
                d.scalar("trend_relative") != 0, d.scalar("forecast_threshold"));
    }

    @Override
    public int encode(Observation o, EnvSpec spec) {
        int u = util.index(o.utilization());
        int n = Math.max(minInstances, Math.min(maxInstances, o.instances())) - minInstances;
        int trend = Direction.of(o.arrivalRate(), o.previousArrivalRate(), trendThreshold, trendRelative, 1e-9);
        int fc = Direction.of(o.forecastRate(), o.arrivalRate(), forecastThreshold, true, 1e-9);
        return ((u * (maxInstances - minInstances + 1) + n) * 3 + trend) * 3 + fc;
    }

    @Override
    public int size() {
        return util.count() * (maxInstances - minInstances + 1) * 9;
    }

    @Override
    public EncoderDefinition definition() {
        return definition;
    }

    @Override
    public String describe(int s) {
        int fc = s % 3;
        int trend = (s / 3) % 3;
        int rest = s / 9;
        int span = maxInstances - minInstances + 1;
        return "utilization=" + util.label(rest / span) + " instances=" + (rest % span + minInstances) + " trend="
                + Direction.LABELS[trend] + " forecast=" + Direction.LABELS[fc];
    }
}

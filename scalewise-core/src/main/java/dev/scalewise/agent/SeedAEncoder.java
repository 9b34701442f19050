package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The first seed's state ({@code seed-a}): (instances, load bucket). Instances (ready + booting) are clamped to
 * {@code [minInstances, maxInstances]} (default 1..10); the load bucket is {@code clip(round(load), 0, 10)},
 * expressed as lower-closed bins with edges {@code 0.5, 1.5, ..., 9.5} (so that other bucketings can be
 * configured). The load is the observation's arrival rate. Default size 10 x 11 = 110.
 */
public final class SeedAEncoder implements StateEncoder {
    public static final String TYPE = "seed-a";

    private final int minInstances;
    private final int maxInstances;
    private final Bins load;
    private final EncoderDefinition definition;

    /**
     * @param minInstances fewest instances represented
     * @param maxInstances most instances represented
     * @param loadEdges    lower-closed bucket edges of the load
     */
    public SeedAEncoder(int minInstances, int maxInstances, double[] loadEdges) {
        if (minInstances < 0 || maxInstances < minInstances) {
            throw new IllegalArgumentException("encoder.seed-a: need 0 <= minInstances <= maxInstances, got "
                    + minInstances + ".." + maxInstances);
        }
        this.minInstances = minInstances;
        this.maxInstances = maxInstances;
        this.load = Bins.lowerClosed("seed-a.load", loadEdges);
        this.definition = new EncoderDefinition(TYPE, Map.of(
                "instances", List.of((double) minInstances, (double) maxInstances),
                "load_edges", DoubleStream.of(loadEdges).boxed().toList()));
    }

    /** The seed's: instances 1..10, load rounded to 0..10. */
    public static SeedAEncoder defaults() {
        double[] edges = new double[10];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = i + 0.5;
        }
        return new SeedAEncoder(1, 10, edges);
    }

    static SeedAEncoder from(EncoderDefinition d) {
        double[] inst = d.array("instances");
        if (inst.length != 2) {
            throw new IllegalArgumentException("encoder.seed-a.instances must be [min, max], got " + d.get("instances"));
        }
        return new SeedAEncoder((int) inst[0], (int) inst[1], d.array("load_edges"));
    }

    @Override
    public int encode(Observation o, EnvSpec spec) {
        int n = Math.max(minInstances, Math.min(maxInstances, o.instances())) - minInstances;
        return n * load.count() + load.index(o.arrivalRate());
    }

    @Override
    public int size() {
        return (maxInstances - minInstances + 1) * load.count();
    }

    @Override
    public EncoderDefinition definition() {
        return definition;
    }

    @Override
    public String describe(int s) {
        return "instances=" + (s / load.count() + minInstances) + " load=" + load.label(s % load.count());
    }
}

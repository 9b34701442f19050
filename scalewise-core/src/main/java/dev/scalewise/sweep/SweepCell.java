package dev.scalewise.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fully resolved unit of work: a configuration trained with one training seed and evaluated on held-out data.
 *
 * @param index           position in the sweep (results are reported in this order)
 * @param id              a stable id: a hash of the canonical JSON of everything below except the index
 * @param configId        the configuration's id: the same hash without the training seed (cells that differ only
 *                        by training seed share it and are aggregated together)
 * @param base            the training preset the parameters modify ({@code default}, {@code seed-a}, {@code seed-b})
 * @param params          the parameter values, in name order ({@link SweepParameters})
 * @param trainingSeed    the master seed of training
 * @param evaluationSeeds reset seeds of the held-out evaluation episodes (one episode each)
 * @param trainFraction   for traces: the chronological fraction trained on; the rest is held out
 * @param traceSeed       the seed generating synthetic traces (diurnal, flash-crowd, ...)
 */
public record SweepCell(@JsonProperty("index") int index, @JsonProperty("id") String id,
                        @JsonProperty("config_id") String configId, @JsonProperty("base") String base,
                        @JsonProperty("params") Map<String, Object> params,
                        @JsonProperty("training_seed") long trainingSeed,
                        @JsonProperty("evaluation_seeds") List<Long> evaluationSeeds,
                        @JsonProperty("train_fraction") double trainFraction,
                        @JsonProperty("trace_seed") long traceSeed) {

    public SweepCell {
        params = new TreeMap<>(params);
        evaluationSeeds = List.copyOf(evaluationSeeds);
    }

    /** A cell with its ids computed from its content. */
    public static SweepCell of(int index, String base, Map<String, Object> params, long trainingSeed,
                               List<Long> evaluationSeeds, double trainFraction, long traceSeed) {
        SweepCell raw = new SweepCell(index, "", "", base, params, trainingSeed, evaluationSeeds, trainFraction,
                traceSeed);
        String config = hash(SweepJson.write(new Object[] {base, raw.params(), raw.evaluationSeeds(), trainFraction,
                traceSeed}));
        String id = hash(config + "/" + trainingSeed);
        return new SweepCell(index, id, config.substring(0, 12), base, params, trainingSeed, evaluationSeeds,
                trainFraction, traceSeed);
    }

    /** The workload name ({@code default-diurnal} when not a parameter). */
    public String workload() {
        Object w = params.get("workload");
        return w == null ? "default-diurnal" : (String) w;
    }

    /** The same cell at another position. */
    public SweepCell withIndex(int i) {
        return new SweepCell(i, id, configId, base, params, trainingSeed, evaluationSeeds, trainFraction, traceSeed);
    }

    /** Canonical JSON (what the Spark engine ships to executors). */
    public String toJson() {
        return SweepJson.write(this);
    }

    public static SweepCell fromJson(String json) {
        return SweepJson.read(json, SweepCell.class);
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

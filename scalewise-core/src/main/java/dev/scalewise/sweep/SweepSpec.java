package dev.scalewise.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.scalewise.experiment.Seeds;
import dev.scalewise.experiment.SplitMix64;
import dev.scalewise.experiment.TrainSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep as data (YAML or JSON): a grid and/or a random search over {@link SweepParameters}, training seeds,
 * held-out evaluation and the objective that picks the best configuration.
 *
 * <p>Configurations are the grid's points (every combination, parameters in name order, the last varying fastest)
 * times the random samples (each sample draws every random parameter), each with the fixed parameters; every
 * configuration is trained once per training seed (a cell each). Reading is strict (an unknown field fails) and
 * {@link #cells} validates everything before any work, reporting every problem with its field path and value.
 *
 * @param name          the sweep's name (output folder {@code runs/sweep-NAME})
 * @param base          the training preset parameters modify: {@code default}, {@code seed-a}, {@code seed-b}
 * @param fixed         parameters with one value for every configuration
 * @param grid          parameters with the list of values to try
 * @param random        a random search (optional)
 * @param trainingSeeds master seeds of training (default [42]); 2 or more give CIs across training seeds
 * @param evaluation    the held-out evaluation
 * @param objective     e.g. {@code min cost_usd subject to sla_compliance_pct >= 99.9} ({@link Objective})
 */
public record SweepSpec(@JsonProperty("name") String name,
                        @JsonProperty("base") String base,
                        @JsonProperty("fixed") Map<String, Object> fixed,
                        @JsonProperty("grid") Map<String, List<Object>> grid,
                        @JsonProperty("random") RandomSearch random,
                        @JsonProperty("training_seeds") List<Long> trainingSeeds,
                        @JsonProperty("evaluation") Evaluation evaluation,
                        @JsonProperty("objective") String objective) {

    /** The default objective. */
    public static final String DEFAULT_OBJECTIVE = "min cost_usd subject to sla_compliance_pct >= 99.9";

    public SweepSpec {
        name = name == null || name.isBlank() ? "sweep" : name;
        base = base == null ? "default" : base;
        fixed = fixed == null ? Map.of() : new TreeMap<>(fixed);
        grid = grid == null ? null : new TreeMap<>(grid);
        trainingSeeds = trainingSeeds == null ? List.of(42L) : List.copyOf(trainingSeeds);
        evaluation = evaluation == null ? new Evaluation(null, null, null) : evaluation;
        objective = objective == null ? DEFAULT_OBJECTIVE : objective;
    }

    /**
     * A random search: {@code samples} draws of every parameter in {@code params}, from the generator
     * {@code Seeds.stream(seed, "sweep-random", i)} for sample i, parameters drawn in name order.
     *
     * @param samples how many configurations to draw, &gt; 0
     * @param seed    the seed of the draws
     * @param params  parameter -&gt; range
     */
    public record RandomSearch(@JsonProperty("samples") int samples, @JsonProperty("seed") long seed,
                               @JsonProperty("params") Map<String, Range> params) {
        public RandomSearch {
            params = params == null ? Map.of() : new TreeMap<>(params);
        }
    }

    /**
     * A range to draw from: uniform in {@code [min, max]}, or log-uniform when {@code log} (then {@code min > 0});
     * integer parameters are rounded.
     */
    public record Range(@JsonProperty("min") Double min, @JsonProperty("max") Double max,
                        @JsonProperty("log") Boolean log) {
        public Range {
            log = log != null && log;
        }
    }

    /**
     * How each trained policy is evaluated (greedily, on data it never saw).
     *
     * @param seeds         reset seeds of the evaluation episodes (default 1001, 1002, 1003); for the
     *                      {@code default-diurnal} generator each seed is a fresh day never drawn in training (training
     *                      episodes use {@code Seeds.derive(trainingSeed, "episode", e)}); for a trace it draws the
     *                      Poisson arrivals over the held-out slice
     * @param trainFraction for traces: the chronological fraction trained on (default 0.5); the rest is held out
     * @param traceSeed     the seed generating synthetic traces (default 1)
     */
    public record Evaluation(@JsonProperty("seeds") List<Long> seeds,
                             @JsonProperty("train_fraction") Double trainFraction,
                             @JsonProperty("trace_seed") Long traceSeed) {
        public Evaluation {
            seeds = seeds == null ? List.of(1001L, 1002L, 1003L) : List.copyOf(seeds);
            trainFraction = trainFraction == null ? 0.5 : trainFraction;
            traceSeed = traceSeed == null ? 1L : traceSeed;
        }
    }

    /** Reads a spec file: {@code .json} as JSON, anything else as YAML; unknown fields fail with their path. */
    public static SweepSpec read(Path file) throws IOException {
        String text = Files.readString(file);
        String fallbackName = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        boolean json = file.toString().endsWith(".json");
        SweepSpec s = parse(text, json);
        return s.name().equals("sweep") ? s.withName(fallbackName) : s;
    }

    /** Parses spec text (JSON or YAML). */
    public static SweepSpec parse(String text, boolean json) {
        try {
            SweepSpec s = (json ? SweepJson.SPEC_JSON : SweepJson.SPEC_YAML).readValue(text, SweepSpec.class);
            if (s == null) {
                throw new SweepSpecException(List.of("the spec is empty"));
            }
            return s;
        } catch (UnrecognizedPropertyException e) {
            throw new SweepSpecException(List.of(path(e) + ": unknown field '" + e.getPropertyName() + "'; known: "
                    + e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new SweepSpecException(List.of(path(e) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SweepSpecException(List.of("cannot parse the spec: " + e.getMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "spec" : sb.toString();
    }

    /** The same spec with another name. */
    public SweepSpec withName(String n) {
        return new SweepSpec(n, base, fixed, grid, random, trainingSeeds, evaluation, objective);
    }

    /** The parsed objective. */
    public Objective parsedObjective() {
        return Objective.parse(objective);
    }

    /**
     * Validates the spec and expands it into cells, before any work.
     *
     * @param workloads checks that a workload name resolves (e.g. the trace catalog); returns an error or null
     * @throws SweepSpecException listing every problem
     */
    public List<SweepCell> cells(WorkloadCheck workloads) {
        List<String> problems = new ArrayList<>();
        TrainSpec baseSpec = null;
        try {
            baseSpec = TrainSpec.preset(base);
        } catch (IllegalArgumentException e) {
            problems.add("base: " + e.getMessage());
        }
        for (Map.Entry<String, Object> e : fixed.entrySet()) {
            checkValue("fixed." + e.getKey(), e.getKey(), e.getValue(), problems);
        }
        if (grid != null) {
            if (grid.isEmpty()) {
                problems.add("grid: empty grid (give at least one parameter with at least one value, or leave grid out)");
            }
            for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
                String p = "grid." + e.getKey();
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    problems.add(p + ": empty grid (give at least one value)");
                    continue;
                }
                if (fixed.containsKey(e.getKey())) {
                    problems.add(p + ": also given in fixed");
                }
                if (!SweepParameters.isKnown(e.getKey())) {
                    problems.add(p + ": unknown parameter '" + e.getKey() + "'" + knownHint());
                    continue;
                }
                for (int i = 0; i < e.getValue().size(); i++) {
                    checkValue(p + "[" + i + "]", e.getKey(), e.getValue().get(i), problems);
                }
                if (new LinkedHashSet<>(e.getValue()).size() != e.getValue().size()) {
                    problems.add(p + ": repeated values " + e.getValue());
                }
            }
        }
        if (random != null) {
            checkRandom(problems);
        }
        if (trainingSeeds.isEmpty()) {
            problems.add("training_seeds: empty (give at least one seed)");
        } else if (new LinkedHashSet<>(trainingSeeds).size() != trainingSeeds.size()) {
            problems.add("training_seeds: repeated seeds " + trainingSeeds);
        }
        if (evaluation.seeds().isEmpty()) {
            problems.add("evaluation.seeds: empty (give at least one seed)");
        }
        if (!(evaluation.trainFraction() > 0 && evaluation.trainFraction() < 1)) {
            problems.add("evaluation.train_fraction: must be in (0, 1), got " + evaluation.trainFraction());
        }
        try {
            Objective.parse(objective);
        } catch (IllegalArgumentException e) {
            problems.add("objective: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new SweepSpecException(problems);
        }
        List<Map<String, Object>> configs = configurations();
        // every configuration must make a valid training spec, and every workload must resolve
        Set<String> checkedWorkloads = new LinkedHashSet<>();
        for (int c = 0; c < configs.size(); c++) {
            Map<String, Object> params = configs.get(c);
            try {
                SweepParameters.apply(baseSpec, params, CellRunner.workloadSpec(params), trainingSeeds.get(0));
            } catch (IllegalArgumentException | ClassCastException e) {
                problems.add("configuration " + c + " " + params + ": " + e.getMessage());
            }
            String w = (String) params.getOrDefault("workload", "default-diurnal");
            if (checkedWorkloads.add(w) && CellRunner.readsTrace(w)) {
                String err = workloads.check(w);
                if (err != null) {
                    problems.add("workload '" + w + "': " + err);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SweepSpecException(problems);
        }
        List<SweepCell> cells = new ArrayList<>();
        for (Map<String, Object> params : configs) {
            for (long seed : trainingSeeds) {
                cells.add(SweepCell.of(cells.size(), base, params, seed, evaluation.seeds(), evaluation.trainFraction(),
                        evaluation.traceSeed()));
            }
        }
        return cells;
    }

    /** Checks that a workload name resolves; returns an error message or null. */
    @FunctionalInterface
    public interface WorkloadCheck {
        String check(String name);
    }

    private void checkRandom(List<String> problems) {
        if (random.samples() <= 0) {
            problems.add("random.samples: must be > 0, got " + random.samples());
        }
        if (random.params().isEmpty()) {
            problems.add("random.params: empty (give at least one parameter range)");
        }
        for (Map.Entry<String, Range> e : random.params().entrySet()) {
            String p = "random.params." + e.getKey();
            String name = e.getKey();
            if (!SweepParameters.isKnown(name)) {
                problems.add(p + ": unknown parameter '" + name + "'" + knownHint());
                continue;
            }
            if (!SweepParameters.isNumeric(name)) {
                problems.add(p + ": '" + name + "' is not numeric; list its values under grid instead");
                continue;
            }
            if (fixed.containsKey(name) || (grid != null && grid.containsKey(name))) {
                problems.add(p + ": also given in " + (fixed.containsKey(name) ? "fixed" : "grid"));
            }
            Range r = e.getValue();
            if (r == null || r.min() == null || r.max() == null) {
                problems.add(p + ": bad range: needs min and max");
                continue;
            }
            if (!(r.min() <= r.max())) {
                problems.add(p + ": bad range: min " + r.min() + " must be <= max " + r.max());
            }
            if (r.log() && r.min() != null && !(r.min() > 0)) {
                problems.add(p + ": bad range: log needs min > 0, got " + r.min());
            }
            checkValue(p + ".min", name, SweepParameters.isInteger(name) ? (Object) (int) Math.rint(r.min()) : r.min(),
                    problems);
            checkValue(p + ".max", name, SweepParameters.isInteger(name) ? (Object) (int) Math.rint(r.max()) : r.max(),
                    problems);
        }
    }

    private static void checkValue(String path, String name, Object value, List<String> problems) {
        if (!SweepParameters.isKnown(name)) {
            problems.add(path + ": unknown parameter '" + name + "'" + knownHint());
            return;
        }
        String err = SweepParameters.check(name, value);
        if (err != null) {
            problems.add(path + ": " + err);
        }
    }

    private static String knownHint() {
        return "; known: " + String.join(", ", new java.util.TreeSet<>(SweepParameters.NAMES))
                + ", reward.WEIGHT, encoder.PARAM, workload." + String.join("|",
                new java.util.TreeSet<>(SweepParameters.WORKLOAD_PARAMS));
    }

    /** The configurations (parameter maps, normalised), in order: grid points x random samples. */
    List<Map<String, Object>> configurations() {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new TreeMap<>());
        if (grid != null) {
            for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
                List<Map<String, Object>> next = new ArrayList<>();
                for (Map<String, Object> p : points) {
                    for (Object v : e.getValue()) {
                        Map<String, Object> q = new TreeMap<>(p);
                        q.put(e.getKey(), normalise(e.getKey(), v));
                        next.add(q);
                    }
                }
                points = next;
            }
        }
        List<Map<String, Object>> samples = new ArrayList<>();
        if (random == null) {
            samples.add(Map.of());
        } else {
            for (int i = 0; i < random.samples(); i++) {
                SplitMix64 rng = Seeds.stream(random.seed(), "sweep-random", i);
                Map<String, Object> s = new TreeMap<>();
                for (Map.Entry<String, Range> e : random.params().entrySet()) {
                    Range r = e.getValue();
                    double u = rng.nextDouble();
                    double v = r.log() ? Math.exp(Math.log(r.min()) + u * (Math.log(r.max()) - Math.log(r.min())))
                            : r.min() + u * (r.max() - r.min());
                    v = Math.min(r.max(), Math.max(r.min(), v));
                    s.put(e.getKey(), normalise(e.getKey(), SweepParameters.isInteger(e.getKey()) ? Math.rint(v) : v));
                }
                samples.add(s);
            }
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Map<String, Object> p : points) {
            for (Map<String, Object> s : samples) {
                Map<String, Object> c = new TreeMap<>();
                fixed.forEach((k, v) -> c.put(k, normalise(k, v)));
                c.putAll(p);
                c.putAll(s);
                configs.add(c);
            }
        }
        return configs;
    }

    /** Integers for integer parameters, doubles for other numbers, lists of numbers as doubles (bins). */
    static Object normalise(String name, Object v) {
        if (v instanceof Number n && SweepParameters.isNumeric(name)) {
            return SweepParameters.isInteger(name) ? (Object) (int) Math.rint(n.doubleValue()) : n.doubleValue();
        }
        if (v instanceof List<?> l && name.startsWith("encoder.")) {
            return l.stream().map(x -> ((Number) x).doubleValue()).toList();
        }
        return v;
    }

    /** The spec as a map (saved next to the results). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("base", base);
        m.put("fixed", fixed);
        m.put("grid", grid);
        m.put("random", random);
        m.put("training_seeds", trainingSeeds);
        m.put("evaluation", evaluation);
        m.put("objective", objective);
        return m;
    }
}

package dev.scalewise.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Read-only access to the run folders directly under one directory. A run is a sub-folder that holds at least one of
 * {@link #MARKERS}. Only the file names in {@link #FILES} can be read, and every resolved path is checked, after
 * following links, to lie inside the runs directory: nothing outside it is ever opened.
 */
public final class RunStore {
    /** Files whose presence makes a folder a run. */
    public static final List<String> MARKERS = List.of("spec.json", "summary.json", "comparison.json",
            "explanations.json", "forecasts.json", "sweep.json", "shadow.json");

    /** The files the dashboard may read from a run folder, and nothing else (besides the charts, {@link #CHART}). */
    public static final Set<String> FILES = Set.of("spec.json", "summary.json", "provenance.json", "comparison.json",
            "steps.csv", "episodes.csv", "explanations.json", "forecasts.json", "report.md", "comparison.md",
            "sweep.json", "sweep.csv", "sweep.md", "sweep-spec.json", "shadow.json", "shadow.csv");

    /** Cell result files of a sweep ({@code cells/<id>.json}, {@code SweepRun}): ids are hex hashes. */
    static final Pattern CELL = Pattern.compile("[A-Za-z0-9_\\-]{1,80}");
    /** Most cells of a sweep listed by {@link #cells}. */
    static final int MAX_CELLS = 5000;

    /** The charts a run may hold: PNG files of a plain lower-case name ({@code p95_latency.png}). */
    static final Pattern CHART = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,63}\\.png");

    /** The metrics of a comparison's headline, in order. */
    static final List<String> HEADLINE = List.of("cost_usd", "savings_vs_static_pct", "sla_compliance_pct",
            "regret_vs_oracle_pct", "flaps", "p95_latency_ms");

    /** JSON files whose contents {@link #describe} inlines. */
    private static final List<String> INLINED = List.of("spec.json", "summary.json", "provenance.json",
            "sweep-spec.json");

    /** Run ids: one path segment of letters, digits, dot, dash and underscore, not starting with a dot. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,127}");

    /** Largest file served (bytes; files are streamed, never read whole). */
    static final long MAX_FILE_BYTES = 64L << 20;
    /** Largest JSON file parsed into a listing ({@link #list}, {@link #describe}). */
    static final long MAX_INLINED_BYTES = 1L << 20;

    private final Path root;
    private final ObjectMapper json;

    /**
     * @param root the runs directory (need not exist yet: then there are no runs)
     * @param json the mapper used to parse JSON files
     */
    public RunStore(Path root, ObjectMapper json) {
        this.root = root.toAbsolutePath().normalize();
        this.json = json;
    }

    /** The runs directory. */
    public Path root() {
        return root;
    }

    /** The runs, sorted by id: {@code id}, {@code files} present, and the summary's contents when there is one. */
    public List<Map<String, Object>> list() throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return runs;
        }
        Path realRoot = root.toRealPath();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (ID.matcher(name).matches() && Files.isDirectory(p) && p.toRealPath().startsWith(realRoot)
                        && MARKERS.stream().anyMatch(m -> Files.isRegularFile(p.resolve(m)))) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(null);
        for (Path d : dirs) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", d.getFileName().toString());
            run.put("files", presentFiles(d));
            run.put("summary", readJsonOrNull(d, "summary.json"));
            run.put("headline", headline(d));
            run.put("sweep", sweepHeadline(d));
            run.put("shadow", shadowHeadline(d));
            runs.add(run);
        }
        return runs;
    }

    /** One run: {@code id}, {@code files} and the contents of spec, summary and provenance (null when absent). */
    public Map<String, Object> describe(String id) throws IOException {
        Path dir = runDir(id);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", id);
        run.put("files", presentFiles(dir));
        run.put("charts", charts(dir));
        for (String f : INLINED) {
            run.put(f.substring(0, f.indexOf('.')), readJsonOrNull(dir, f));
        }
        run.put("headline", headline(dir));
        run.put("sweep", sweepHeadline(dir));
        run.put("shadow", shadowHeadline(dir));
        Object cmp = readJsonOrNull(dir, "comparison.json");
        if (cmp instanceof JsonNode c && c.isObject()) {
            Map<String, Object> setup = new LinkedHashMap<>();
            c.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("policies")) {
                    setup.put(e.getKey(), e.getValue());
                }
            });
            run.put("comparison", setup);
        }
        return run;
    }

    /**
     * The headline of a run holding a comparison: the agent's row when one policy is named {@code agent} or
     * {@code agent:...}, else every policy's, each with {@link #HEADLINE}'s metrics; null without a comparison.
     */
    Object headline(Path dir) {
        Object cmp = readJsonOrNull(dir, "comparison.json");
        if (!(cmp instanceof JsonNode c) || !c.path("policies").isArray()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode p : c.path("policies")) {
            String name = p.path("name").asText("");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", name);
            for (String m : HEADLINE) {
                JsonNode v = p.get(m);
                row.put(m, v != null && v.isNumber() ? v.doubleValue() : null);
            }
            if (name.equals("agent") || name.startsWith("agent:")) {
                return List.of(row);
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The headline of a sweep folder ({@code sweep.json}): name, objective, cells finished and failed, the number of
     * configurations and the best one (its parameters and the objective's metric); null for other runs.
     */
    Object sweepHeadline(Path dir) {
        Object doc = readJsonOrNull(dir, "sweep.json");
        if (!(doc instanceof JsonNode s) || !s.isObject()) {
            return null;
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", s.path("name").asText(""));
        h.put("objective", s.path("objective").asText(""));
        h.put("cells", s.path("cells").asInt(0));
        h.put("finished_cells", s.path("finished_cells").asInt(0));
        h.put("failed_cells", s.path("failed_cells").asInt(0));
        h.put("configurations", s.path("configurations").size());
        JsonNode best = s.path("best");
        if (best.isObject()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("config_id", best.path("config_id").asText(""));
            // the parameters that tell configurations apart (those every configuration shares are left out)
            Map<String, Object> varying = new LinkedHashMap<>();
            best.path("params").fields().forEachRemaining(e -> {
                for (JsonNode c : s.path("configurations")) {
                    if (!e.getValue().equals(c.path("params").get(e.getKey()))) {
                        varying.put(e.getKey(), e.getValue());
                        return;
                    }
                }
            });
            b.put("params", varying);
            String metric = objectiveMetric(s.path("objective").asText(""));
            b.put("metric", metric);
            JsonNode v = metric == null ? null : best.get(metric);
            b.put("value", v != null && v.isNumber() ? v.doubleValue() : null);
            h.put("best", b);
        } else {
            h.put("best", null);
        }
        return h;
    }

    /** The metric of an objective "min|max METRIC [subject to ...]", or null. */
    static String objectiveMetric(String objective) {
        String[] w = objective.strip().split("\\s+");
        return w.length >= 2 && (w[0].equals("min") || w[0].equals("max")) ? w[1] : null;
    }

    /**
     * The headline of a {@code shadow} run folder ({@code shadow.json}): the scaled object, intervals, and per
     * policy (the cluster's {@code actual} first) mean replicas, estimated cost, the cost against the cluster's and
     * the share of intervals that met the SLO in the queueing model; null for other runs.
     */
    Object shadowHeadline(Path dir) {
        Object doc = readJsonOrNull(dir, "shadow.json");
        if (!(doc instanceof JsonNode s) || !s.path("comparison").isArray()) {
            return null;
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("scaled_object", s.path("scaled_object").asText(""));
        h.put("intervals", s.path("intervals").asInt(0));
        h.put("skipped_intervals", s.path("skipped_intervals").asInt(0));
        h.put("step_seconds", s.path("step_seconds").asDouble(0));
        h.put("slo_seconds", s.path("slo_seconds").asDouble(0));
        double actualCost = Double.NaN;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode p : s.path("comparison")) {
            String name = p.path("name").asText("");
            double cost = p.path("cost_usd").asDouble(Double.NaN);
            if (name.equals("actual")) {
                actualCost = cost;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", name);
            row.put("mean_replicas", number(p.get("mean_replicas")));
            row.put("replica_hours", number(p.get("replica_hours")));
            row.put("cost_usd", number(p.get("cost_usd")));
            JsonNode met = p.get("sla_met_fraction");
            row.put("sla_met_pct", met != null && met.isNumber() ? 100 * met.doubleValue() : null);
            rows.add(row);
        }
        for (Map<String, Object> row : rows) {
            Object c = row.get("cost_usd");
            row.put("savings_vs_actual_pct", c instanceof Double d && actualCost > 0 ? 100 * (1 - d / actualCost) : null);
        }
        h.put("policies", rows);
        return h;
    }

    private static Double number(JsonNode v) {
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    /**
     * The cells of a sweep folder ({@code cells/<id>.json}), by index: id, index, configuration, ok, error, and the
     * mean of each metric; at most {@link #MAX_CELLS}.
     */
    public List<Map<String, Object>> cells(String id) throws IOException {
        Path dir = runDir(id);
        if (!Files.isRegularFile(dir.resolve("sweep.json"))) {
            throw ApiException.notFound("run '" + id + "' is not a sweep (no sweep.json)");
        }
        Path cells = dir.resolve("cells");
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(cells) || !cells.toRealPath().startsWith(root.toRealPath())) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cells, "*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (CELL.matcher(n.substring(0, n.length() - 5)).matches() && Files.isRegularFile(p)) {
                    files.add(p);
                }
                if (files.size() >= MAX_CELLS) {
                    break;
                }
            }
        }
        for (Path f : files) {
            if (Files.size(f) > MAX_INLINED_BYTES || !f.toRealPath().startsWith(root.toRealPath())) {
                continue;
            }
            JsonNode c;
            try {
                c = json.readTree(f.toFile());
            } catch (IOException e) {
                continue; // a partial cell: the sweep runs it again
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.path("id").asText(""));
            m.put("index", c.path("index").asInt(0));
            m.put("config_id", c.path("config_id").asText(""));
            m.put("ok", c.path("ok").asBoolean(false));
            m.put("error", c.path("error").isTextual() ? c.path("error").asText() : null);
            Map<String, Object> metrics = new LinkedHashMap<>();
            c.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), number(e.getValue().get("mean"))));
            m.put("metrics", metrics);
            m.put("train_mean_return", number(c.get("train_mean_return")));
            out.add(m);
        }
        out.sort(java.util.Comparator.comparingInt(m -> (Integer) m.get("index")));
        return out;
    }

    /** The path of one cell result file of a sweep, checked like {@link #file}. */
    public Path cellFile(String id, String cell) throws IOException {
        if (cell == null || !CELL.matcher(cell).matches()) {
            throw ApiException.badRequest("bad cell id '" + clip(cell) + "': letters, digits, '-' and '_' only");
        }
        Path dir = runDir(id);
        Path f = dir.resolve("cells").resolve(cell + ".json");
        if (!Files.isRegularFile(f) || !f.toRealPath().startsWith(root.toRealPath())) {
            throw ApiException.notFound("sweep '" + id + "' has no cell " + cell);
        }
        if (Files.size(f) > MAX_INLINED_BYTES) {
            throw new ApiException(413, "cell " + cell + " of run '" + id + "' is larger than 1 MiB");
        }
        return f.toRealPath();
    }

    /** The path of a whitelisted file of a run, checked to be a regular file inside the runs directory. */
    public Path file(String id, String name) throws IOException {
        if (name == null || !(FILES.contains(name) || CHART.matcher(name).matches())) {
            throw ApiException.notFound("no such run file '" + clip(name) + "'; readable files: " + String.join(", ",
                    FILES.stream().sorted().toList()) + " and the PNG charts");
        }
        Path dir = runDir(id);
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw ApiException.notFound("run '" + id + "' has no " + name);
        }
        Path real = f.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
            throw ApiException.notFound("run '" + id + "' has no " + name);
        }
        if (Files.size(real) > MAX_FILE_BYTES) {
            throw new ApiException(413, name + " of run '" + id + "' is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        return real;
    }

    /** Parses a whitelisted JSON file of a run. */
    public JsonNode readJson(String id, String name) throws IOException {
        Path f = file(id, name);
        try {
            return json.readTree(f.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(422, name + " of run '" + id + "' is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The folder of run {@code id}, validated: one plain segment, an existing run, inside the runs directory. */
    public Path runDir(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("bad run id '" + clip(id) + "': use one folder name of letters, digits, '.', '-', '_'");
        }
        Path dir = root.resolve(id).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            throw ApiException.notFound("no run '" + id + "' in " + root.getFileName());
        }
        if (!dir.toRealPath().startsWith(root.toRealPath())) {
            throw ApiException.notFound("no run '" + id + "' in " + root.getFileName());
        }
        if (MARKERS.stream().noneMatch(m -> Files.isRegularFile(dir.resolve(m)))) {
            throw ApiException.notFound("'" + id + "' is not a run folder (none of " + String.join(", ", MARKERS) + ")");
        }
        return dir;
    }

    private static List<String> presentFiles(Path dir) {
        return FILES.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).sorted().toList();
    }

    /** The PNG charts directly in a run folder, sorted (at most 64). */
    static List<String> charts(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.png")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (CHART.matcher(n).matches() && Files.isRegularFile(p)) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out.size() > 64 ? out.subList(0, 64) : out;
    }

    private Object readJsonOrNull(Path dir, String name) {
        Path f = dir.resolve(name);
        try {
            if (!Files.isRegularFile(f) || !f.toRealPath().startsWith(root.toRealPath())) {
                return null;
            }
            if (Files.size(f) > MAX_INLINED_BYTES) {
                return Map.of("error", name + " is larger than " + (MAX_INLINED_BYTES >> 20) + " MiB; download it instead");
            }
            return json.readTree(f.toFile());
        } catch (IOException e) {
            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("error", name + " could not be read: " + redact(e.getMessage()));
            return bad;
        }
    }

    /** {@code message} with the runs directory's absolute path (as given and as resolved) cut to its name. */
    String redact(String message) {
        if (message == null) {
            return null;
        }
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        String out = message.replace(root.toString(), name);
        try {
            out = out.replace(root.toRealPath().toString(), name);
        } catch (IOException e) {
            // not there: nothing more to cut
        }
        return out;
    }

    /** A user-supplied value shortened for messages. */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}

package dev.scalewise.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's HTTP server: the single-page app from the classpath ({@code /dashboard}), ECharts from its WebJar
 * ({@code /webjars/echarts/...}) and the JSON API described in {@code docs/dashboard.md}. Binds
 * {@link DashboardConfig#host()} (loopback by default). Errors are answered as {@code {"error": message}} with a 4xx
 * status; nothing outside the runs directory is ever read.
 */
public final class DashboardServer implements AutoCloseable {
    /** Largest accepted request body (bytes). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Live comparisons kept for playback (oldest dropped first). */
    static final int MAX_LIVE = 16;
    /** Grid of the Q-value heatmap's utilization axis. */
    static final double HEATMAP_UTIL_STEP = 0.05;
    static final int HEATMAP_UTIL_CELLS = 31;

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'none'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";

    private final DashboardConfig config;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final RunStore runs;
    private final LiveStream stream = new LiveStream(json);
    private final Map<String, LiveComparison> live = new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveComparison> eldest) {
            return size() > MAX_LIVE;
        }
    };
    private final Map<String, Trace> traceCache = new LinkedHashMap<>(4, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Trace> eldest) {
            return size() > 2;
        }
    };
    private final SecureRandom ids = new SecureRandom();
    private final Javalin app;

    private DashboardServer(DashboardConfig config) {
        this.config = config;
        this.runs = new RunStore(config.runsDir(), json);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = MAX_BODY_BYTES;
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/dashboard";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
                        "Cache-Control", "no-cache");
            });
            c.staticFiles.enableWebjars();
            c.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Content-Security-Policy", CSP);
            });
            c.routes.get("/vendor/echarts.min.js", this::echarts);
            c.routes.get("/api/health", ctx -> send(ctx, Map.of("ok", true)));
            c.routes.get("/api/runs", ctx -> send(ctx, Map.of("runs_dir", runs.root().getFileName() == null ? ""
                    : runs.root().getFileName().toString(), "runs", runs.list())));
            c.routes.get("/api/runs/{id}", ctx -> send(ctx, runs.describe(ctx.pathParam("id"))));
            c.routes.get("/api/runs/{id}/files/{name}", this::runFile);
            c.routes.get("/api/policies", ctx -> send(ctx, Map.of("policies", config.policies().choices())));
            c.routes.get("/api/traces", this::traces);
            c.routes.post("/api/live", this::startLive);
            c.routes.get("/api/live/{id}/events", this::liveEvents);
            c.routes.get("/api/agent/models", this::agentModels);
            c.routes.get("/api/agent/{id}/decision", this::agentDecision);
            c.routes.get("/api/agent/{id}/heatmap", this::agentHeatmap);
            c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            c.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e));
            c.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, 404, "not found: " + RunStore.clip(ctx.path()));
                }
            });
        });
    }

    /** Starts a server; {@link #port()} tells the port when 0 was asked for. */
    public static DashboardServer start(DashboardConfig config) {
        DashboardServer s = new DashboardServer(config);
        s.app.start();
        return s;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The address bound. */
    public String host() {
        return config.host();
    }

    /** The URL to open in a browser. */
    public String url() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (h.equals("0.0.0.0") || h.equals("[::]")) {
            h = DashboardConfig.LOOPBACK;
        }
        return "http://" + h + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }

    /** ECharts from its WebJar, whatever version the build depends on. */
    private void echarts(Context ctx) throws IOException {
        byte[] js = Echarts.script();
        ctx.contentType("text/javascript; charset=utf-8");
        ctx.header("Cache-Control", "max-age=3600");
        ctx.result(js);
    }

    private void runFile(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        Path f = runs.file(ctx.pathParam("id"), name);
        String type = name.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8";
        ctx.contentType(type);
        ctx.result(Files.readAllBytes(f));
    }

    private void traces(Context ctx) {
        TraceCatalog catalog = TraceCatalog.fromEnvironment(config.tracesDir());
        List<Map<String, Object>> list = new ArrayList<>();
        for (TraceCatalog.Entry e : TraceCatalog.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("description", e.description());
            m.put("available", catalog.isAvailable(e));
            list.add(m);
        }
        send(ctx, Map.of("traces", list, "workloads", LiveRequest.WORKLOADS));
    }

    private void startLive(Context ctx) throws IOException {
        LiveRequest req;
        byte[] body = readBody(ctx);
        try {
            req = json.readValue(body, LiveRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "' in the request body");
        } catch (IOException e) {
            throw ApiException.badRequest("the request body must be a JSON object like {\"policies\": [\"static\", "
                    + "\"threshold\"], \"steps\": 1440}: " + firstLine(e.getMessage()));
        }
        if (req == null) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        req = req.validate();
        String id = newId();
        LiveComparison c = LiveComparison.run(id, req, config.policies(), this::loadTrace);
        synchronized (live) {
            live.put(id, c);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("steps", c.steps());
        out.put("worlds", c.worlds().stream().map(LiveComparison.World::name).toList());
        out.put("events", "/api/live/" + id + "/events");
        ctx.status(201);
        send(ctx, out);
    }

    private Trace loadTrace(String name) {
        synchronized (traceCache) {
            Trace t = traceCache.get(name);
            if (t == null) {
                t = LiveComparison.TraceLoader.of(TraceCatalog.fromEnvironment(config.tracesDir())).load(name);
                traceCache.put(name, t);
            }
            return t;
        }
    }

    private void liveEvents(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        LiveComparison c;
        synchronized (live) {
            c = live.get(id);
        }
        if (c == null) {
            throw ApiException.notFound("no live comparison '" + RunStore.clip(id) + "' (start one with POST /api/live)");
        }
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        try {
            stream.write(c, out);
        } catch (IOException e) {
            // The page went away or started another comparison: nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void agentModels(Context ctx) throws IOException {
        List<Map<String, Object>> models = new ArrayList<>();
        for (Map<String, Object> run : runs.list()) {
            String id = (String) run.get("id");
            Optional<QValueSource.Model> m = config.qValues().open(runs.runDir(id));
            if (m.isPresent()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("run", id);
                e.put("name", m.get().name());
                e.put("actions", m.get().actions());
                e.put("max_instances", m.get().maxInstances());
                models.add(e);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available", !models.isEmpty());
        out.put("reason", models.isEmpty() ? config.qValues().unavailableReason() : null);
        out.put("models", models);
        send(ctx, out);
    }

    private QValueSource.Model model(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        return config.qValues().open(runs.runDir(id)).orElseThrow(() -> ApiException.notFound(
                "run '" + id + "' has no model this build can read: " + config.qValues().unavailableReason()));
    }

    private void agentDecision(Context ctx) throws IOException {
        QValueSource.Model m = model(ctx);
        QValueSource.StateQuery q = new QValueSource.StateQuery(number(ctx, "utilization", 0.5),
                integer(ctx, "instances", 1), number(ctx, "trend", 0), number(ctx, "forecast", 0));
        QValueSource.Decision d = m.decide(q);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", d.state());
        out.put("q_values", d.qValues());
        out.put("action", d.action());
        out.put("margin", margin(d));
        send(ctx, out);
    }

    private void agentHeatmap(Context ctx) throws IOException {
        QValueSource.Model m = model(ctx);
        double trend = number(ctx, "trend", 0);
        double forecast = number(ctx, "forecast", 0);
        int maxN = Math.max(1, Math.min(100, m.maxInstances()));
        List<Double> util = new ArrayList<>();
        for (int i = 0; i < HEATMAP_UTIL_CELLS; i++) {
            util.add(Math.round(i * HEATMAP_UTIL_STEP * 100) / 100.0);
        }
        List<Integer> inst = new ArrayList<>();
        List<double[]> cells = new ArrayList<>();
        for (int n = 1; n <= maxN; n++) {
            inst.add(n);
            for (int i = 0; i < util.size(); i++) {
                QValueSource.Decision d = m.decide(new QValueSource.StateQuery(util.get(i), n, trend, forecast));
                double best = d.qValues().getOrDefault(d.action(), Double.NaN);
                cells.add(new double[] {i, n - 1, best, m.actions().indexOf(d.action())});
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("actions", m.actions());
        out.put("utilization", util);
        out.put("instances", inst);
        out.put("cells", cells);
        send(ctx, out);
    }

    private static Double margin(QValueSource.Decision d) {
        double best = d.qValues().getOrDefault(d.action(), Double.NaN);
        double second = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : d.qValues().entrySet()) {
            if (!e.getKey().equals(d.action())) {
                second = Math.max(second, e.getValue());
            }
        }
        return Double.isFinite(second) && Double.isFinite(best) ? best - second : null;
    }

    private static double number(Context ctx, String name, double dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a finite number, got '" + RunStore.clip(v) + "'");
        }
    }

    private static int integer(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + RunStore.clip(v) + "'");
        }
    }

    private static byte[] readBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body too large: " + declared + " bytes, at most " + MAX_BODY_BYTES);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
            if (b.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "request body too large: more than " + MAX_BODY_BYTES + " bytes");
            }
            if (b.length == 0) {
                throw ApiException.badRequest("the request body is empty; send a JSON object");
            }
            return b;
        }
    }

    private String newId() {
        byte[] b = new byte[6];
        ids.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void send(Context ctx, Object value) {
        ctx.contentType("application/json");
        try {
            ctx.result(json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.contentType("application/json");
        try {
            ctx.result(json.writeValueAsBytes(Map.of("error", message == null ? "error" : message)));
        } catch (IOException e) {
            ctx.result("{\"error\":\"error\"}");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).toLowerCase(Locale.ROOT).startsWith("unexpected") ? s.split("\n")[0]
                : RunStore.clip(i < 0 ? s : s.substring(0, i));
    }

    /** The parsed JSON of a node, for tests and tools. */
    JsonNode parse(byte[] bytes) throws IOException {
        return json.readTree(bytes);
    }
}

package dev.scalewise.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
import java.util.concurrent.Semaphore;

/**
 * The dashboard's HTTP server: the single-page app from the classpath ({@code /dashboard}), ECharts from its WebJar
 * ({@code /webjars/echarts/...}) and the JSON API described in {@code docs/dashboard.md}. Binds
 * {@link DashboardConfig#host()} (loopback by default). Errors are answered as {@code {"error": message}} with a 4xx
 * status, with no absolute path in them; nothing outside the runs directory is ever read.
 *
 * <p>Web pages of other sites: every request must name this server in its {@code Host} header (a loopback name or
 * the bound address; a DNS-rebinding page sends its own name and gets 421), and every state-changing request
 * ({@code POST}) must be {@code application/json} (a cross-site form or {@code text/plain} fetch cannot send that
 * without a CORS preflight, which this server never grants) and, when it carries an {@code Origin} (browsers always
 * do), come from this server's own origin. Live comparisons run at most {@link #MAX_CONCURRENT_LIVE} at a time, each
 * within {@link LiveRequest#MAX_WORK} world-steps.
 */
public final class DashboardServer implements AutoCloseable {
    /** Largest accepted request body (bytes). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** A refused body up to this size is read and dropped before the 413 (larger ones: the connection is closed). */
    static final long DRAIN_BYTES = 4L * MAX_BODY_BYTES;

    /** Live comparisons kept for playback (oldest dropped first). */
    static final int MAX_LIVE = 16;
    /** Live comparisons computed at the same time; more are answered 429. */
    static final int MAX_CONCURRENT_LIVE = 2;
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
    private final Semaphore liveSlots = new Semaphore(MAX_CONCURRENT_LIVE);
    /** Live event streams open at the same time; more are answered 429 (each holds a server thread). */
    static final int MAX_LIVE_STREAMS = 16;
    private final Semaphore liveStreams = new Semaphore(MAX_LIVE_STREAMS);
    /** Parses request bodies strictly: no string as a number, no fraction as an integer. */
    private static final ObjectMapper REQUESTS = new ObjectMapper()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
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
                checkHost(ctx);
                if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")
                        && !ctx.method().name().equals("OPTIONS")) {
                    checkStateChange(ctx);
                }
            });
            c.routes.get("/vendor/echarts.min.js", this::echarts);
            c.routes.get("/api/health", ctx -> send(ctx, Map.of("ok", true)));
            c.routes.get("/api/runs", ctx -> send(ctx, Map.of("runs_dir", runs.root().getFileName() == null ? ""
                    : runs.root().getFileName().toString(), "runs", runs.list())));
            c.routes.get("/api/runs/{id}", ctx -> send(ctx, runs.describe(ctx.pathParam("id"))));
            c.routes.get("/api/runs/{id}/files/{name}", this::runFile);
            c.routes.get("/api/runs/{id}/cells", ctx -> send(ctx, Map.of("cells", runs.cells(ctx.pathParam("id")))));
            c.routes.get("/api/runs/{id}/cells/{cell}", ctx -> {
                ctx.contentType("application/json");
                ctx.result(Files.readAllBytes(runs.cellFile(ctx.pathParam("id"), ctx.pathParam("cell"))));
            });
            c.routes.get("/api/queue", this::queue);
            c.routes.get("/api/palette", ctx -> send(ctx, dev.scalewise.experiment.PolicyPalette.describe()));
            c.routes.get("/api/policies", ctx -> send(ctx, Map.of("policies", config.policies().choices())));
            c.routes.get("/api/traces", this::traces);
            c.routes.post("/api/live", this::startLive);
            c.routes.get("/api/live/scenario", this::liveScenario);
            c.routes.get("/api/live/{id}/events", this::liveEvents);
            c.routes.get("/api/agent/models", this::agentModels);
            c.routes.get("/api/agent/{id}/decision", this::agentDecision);
            c.routes.get("/api/agent/{id}/heatmap", this::agentHeatmap);
            c.routes.get("/api/agent/{id}/features", this::agentFeatures);
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
        if (config.port() != 0) {
            // a taken port is one line, before the server logs its own failure
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(config.host(), config.port()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
                        + "; choose another port (0 picks a free one)");
            }
        }
        DashboardServer s = new DashboardServer(config);
        try {
            s.app.start();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    s.app.stop();
                    throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                            + (t.getMessage() == null ? "address in use" : t.getMessage()).toLowerCase(Locale.ROOT)
                            + "; choose another port (0 picks a free one)");
                }
            }
            throw e;
        }
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

    /** Streams a run file (never read whole into memory: many parallel downloads of a big log cost no heap). */
    private void runFile(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        Path f = runs.file(ctx.pathParam("id"), name);
        String type = name.endsWith(".json") ? "application/json" : name.endsWith(".png") ? "image/png"
                : name.endsWith(".md") ? "text/markdown; charset=utf-8" : "text/csv; charset=utf-8";
        try (InputStream in = Files.newInputStream(f)) {
            ctx.status(200);
            ctx.contentType(type);
            ctx.res().setContentLengthLong(Files.size(f));
            OutputStream out = ctx.res().getOutputStream();
            in.transferTo(out);
            out.flush();
        }
    }

    /**
     * Refuses a request whose {@code Host} is not this server (DNS rebinding: a page of another site whose name now
     * resolves to 127.0.0.1 sends its own name).
     */
    private void checkHost(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !allowedHostName(hostName(host))) {
            throw new ApiException(421, "Host '" + RunStore.clip(host) + "' is not this dashboard's address; open "
                    + url());
        }
    }

    /** A JSON content type and, when the request names one, this server's own origin. */
    private void checkStateChange(Context ctx) {
        String type = ctx.header("Content-Type");
        String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!bare.equals("application/json")) {
            throw new ApiException(415, "Content-Type must be application/json, got '" + RunStore.clip(type) + "'");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin)) {
            throw new ApiException(403, "cross-site request refused: Origin '" + RunStore.clip(origin)
                    + "' is not this dashboard (" + url().substring(0, url().length() - 1) + ")");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "cross-site request refused (Sec-Fetch-Site: " + RunStore.clip(site) + ")");
        }
    }

    private boolean sameOrigin(String origin) {
        try {
            java.net.URI u = new java.net.URI(origin);
            int p = u.getPort() < 0 ? 80 : u.getPort();
            return "http".equals(u.getScheme()) && u.getHost() != null && allowedHostName(hostName(u.getHost()))
                    && p == port() && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The host of a {@code Host} header value, lower case, without port or IPv6 brackets. */
    static String hostName(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Loopback names, the bound address, and (bound to every interface) any IP literal: never another DNS name. */
    boolean allowedHostName(String h) {
        String bound = hostName(config.host());
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.equals(bound)
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return true;
        }
        boolean wildcard = bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("0:0:0:0:0:0:0:0");
        return wildcard && (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.matches("[0-9a-f:]+") && h.contains(":"));
    }

    /** The semaphore bounding open live event streams (tests hold its permits). */
    Semaphore liveStreams() {
        return liveStreams;
    }

    /** The semaphore bounding concurrent live comparisons (tests hold its permits). */
    Semaphore liveSlots() {
        return liveSlots;
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

    /** The scenario a run's agent is replayed on by default ({@link LiveScenario}). */
    private void liveScenario(Context ctx) throws IOException {
        String run = ctx.queryParam("run");
        if (run == null || run.isBlank()) {
            throw ApiException.badRequest("run is required: /api/live/scenario?run=RUN_FOLDER");
        }
        send(ctx, scenario(run).describe());
    }

    private LiveScenario scenario(String run) throws IOException {
        return LiveScenario.of(run, runs.runDir(run), this::loadTrace);
    }

    /** The training range of a trained agent's world ({@code agent:RUN}), or null when none can be read. */
    private LiveScenario.TrainingRange trainingRange(String policy) {
        if (!policy.startsWith(AGENT_PREFIX)) {
            return null;
        }
        try {
            return scenario(policy.substring(AGENT_PREFIX.length())).range();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** How trained agents are named in the policy list ({@code agent:RUN_FOLDER}). */
    static final String AGENT_PREFIX = "agent:";

    private void startLive(Context ctx) throws IOException {
        LiveRequest raw = parseRaw(readBody(ctx));
        LiveScenario sc = raw.run() == null || raw.run().isBlank() ? null : scenario(raw.run().strip());
        LiveRequest req = (sc == null ? raw : raw.withDefaults(sc)).validate();
        String id = newId();
        if (!liveSlots.tryAcquire()) {
            throw new ApiException(429, MAX_CONCURRENT_LIVE + " live comparisons are already running; try again when "
                    + "one has finished");
        }
        LiveComparison c;
        try {
            c = LiveComparison.run(id, req, config.policies(), this::loadTrace, sc, this::trainingRange);
        } finally {
            liveSlots.release();
        }
        synchronized (live) {
            live.put(id, c);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("steps", c.steps());
        out.put("worlds", c.worlds().stream().map(LiveComparison.World::name).toList());
        out.put("events", "/api/live/" + id + "/events");
        List<Map<String, Object>> info = new ArrayList<>();
        for (LiveComparison.World w : c.worlds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("warnings", w.warnings());
            m.put("unvisited_share", w.unvisitedShare());
            info.add(m);
        }
        out.put("world_info", info);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("run", req.run());
        setup.put("trace", c.traceName());
        setup.put("from", req.trace() == null ? null : req.from());
        setup.put("scale", req.scale());
        setup.put("seed", req.seed());
        setup.put("step_seconds", c.env().stepSeconds());
        setup.put("boot_delay_s", c.env().cluster().bootDelaySeconds());
        setup.put("slo_ms", c.env().sloSeconds() * 1000);
        setup.put("service_rate", c.env().serviceRate());
        setup.put("initial_instances", c.env().cluster().initialInstances());
        setup.put("physics", c.env().physics().id());
        setup.put("comparison_sla_pct", sc == null ? null : sc.comparisonSlaPct());
        out.put("setup", setup);
        ctx.status(201);
        send(ctx, out);
    }

    /**
     * Parses and validates a {@code POST /api/live} body strictly (no string for a number, no fraction for an
     * integer, no unknown field): the request, or an {@link ApiException} (400) with a one-line message naming the
     * field. Never anything else, whatever the bytes ({@code LiveRequestFuzzTest}).
     */
    static LiveRequest parseLive(byte[] body) {
        return parseRaw(body).validate();
    }

    /** As {@link #parseLive} without {@link LiveRequest#validate()} (a run's scenario fills defaults first). */
    static LiveRequest parseRaw(byte[] body) {
        LiveRequest req;
        try {
            req = REQUESTS.readValue(body, LiveRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + RunStore.clip(e.getPropertyName())
                    + "' in the request body");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            if (field != null) {
                throw ApiException.badRequest(field + " has the wrong type: " + expected(e.getTargetType()) + " ("
                        + RunStore.clip(firstLine(e.getOriginalMessage())) + ")");
            }
            throw ApiException.badRequest("the request body must be a JSON object like {\"policies\": [\"static\", "
                    + "\"threshold\"], \"steps\": 1440}: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw ApiException.badRequest("the request body must be a JSON object like {\"policies\": [\"static\", "
                    + "\"threshold\"], \"steps\": 1440}: " + firstLine(e.getMessage()));
        }
        if (req == null) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return req;
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
        int from = integer(ctx, "from", 0);
        int to = integer(ctx, "to", c.steps());
        double speed = number(ctx, "speed", c.request().speed());
        LiveStream.checkWindow(c, from, to, speed);
        if (!liveStreams.tryAcquire()) {
            throw new ApiException(429, MAX_LIVE_STREAMS + " live event streams are already open; close one (pause a "
                    + "playback) and try again");
        }
        try {
            ctx.status(200);
            ctx.contentType("text/event-stream; charset=utf-8");
            ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Accel-Buffering", "no");
            stream.write(c, ctx.res().getOutputStream(), from, to, speed);
        } catch (IOException e) {
            // The page went away or started another comparison: nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            liveStreams.release();
        }
    }

    /**
     * The runs with a model the inspector can read; a run whose model cannot be opened (corrupt, or from an
     * environment the inspector does not cover) is listed under {@code unavailable} with the reason, and never
     * spoils the others.
     */
    private void agentModels(Context ctx) throws IOException {
        List<Map<String, Object>> models = new ArrayList<>();
        List<Map<String, Object>> unavailable = new ArrayList<>();
        for (Map<String, Object> run : runs.list()) {
            String id = (String) run.get("id");
            Optional<QValueSource.Model> m;
            try {
                m = config.qValues().open(runs.runDir(id));
            } catch (IOException | RuntimeException e) {
                Map<String, Object> bad = new LinkedHashMap<>();
                bad.put("run", id);
                bad.put("reason", runs.redact(e.getMessage() == null ? e.toString() : e.getMessage()));
                unavailable.add(bad);
                continue;
            }
            if (m.isPresent()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("run", id);
                e.put("name", m.get().name());
                e.put("actions", m.get().actions());
                e.put("max_instances", m.get().maxInstances());
                e.put("features", m.get().features());
                models.add(e);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available", !models.isEmpty());
        out.put("reason", models.isEmpty() ? config.qValues().unavailableReason() : null);
        out.put("models", models);
        out.put("unavailable", unavailable);
        send(ctx, out);
    }

    private QValueSource.Model model(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Optional<QValueSource.Model> m;
        try {
            m = config.qValues().open(runs.runDir(id));
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ApiException(422, "run '" + id + "': its model cannot be read: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return m.orElseThrow(() -> ApiException.notFound(
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
        out.put("visits", d.visits() < 0 ? null : d.visits());
        send(ctx, out);
    }

    /**
     * The feature inspector: the decision for feature values given as query parameters named like the model's
     * {@link QValueSource.Model#features()} (a missing one takes its initial value; an unknown name or a value out of
     * range is refused, naming it).
     */
    private void agentFeatures(Context ctx) throws IOException {
        QValueSource.Model m = model(ctx);
        List<QValueSource.Feature> features = m.features();
        if (features.isEmpty()) {
            throw ApiException.badRequest("run '" + ctx.pathParam("id") + "': its model has no feature inspector; "
                    + "use /decision with utilization and instances");
        }
        Map<String, QValueSource.Feature> byName = new LinkedHashMap<>();
        features.forEach(f -> byName.put(f.name(), f));
        for (String p : ctx.queryParamMap().keySet()) {
            if (!byName.containsKey(p)) {
                throw ApiException.badRequest("unknown feature '" + RunStore.clip(p) + "' (this model's features: "
                        + String.join(", ", byName.keySet()) + ")");
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (QValueSource.Feature f : features) {
            double v = number(ctx, f.name(), f.initial());
            if (!(v >= f.min() && v <= f.max())) {
                throw ApiException.badRequest(f.name() + " must be a number in [" + f.min() + ", " + f.max()
                        + "], got " + v);
            }
            values.put(f.name(), v);
        }
        QValueSource.Decision d = m.decideFeatures(values);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("features", values);
        out.put("state", d.state());
        out.put("q_values", d.qValues());
        out.put("action", d.action());
        out.put("margin", margin(d));
        out.put("visits", d.visits() < 0 ? null : d.visits());
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
        int unvisited = 0;
        for (int n = 1; n <= maxN; n++) {
            inst.add(n);
            for (int i = 0; i < util.size(); i++) {
                QValueSource.Decision d = m.decide(new QValueSource.StateQuery(util.get(i), n, trend, forecast));
                double best = d.qValues().getOrDefault(d.action(), Double.NaN);
                cells.add(new double[] {i, n - 1, best, m.actions().indexOf(d.action()), d.visits()});
                unvisited += d.unvisited() ? 1 : 0;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("actions", m.actions());
        out.put("utilization", util);
        out.put("instances", inst);
        out.put("cells", cells);
        out.put("unvisited_cells", unvisited);
        send(ctx, out);
    }

    /** Most points of the capacity planner's p95-vs-servers curve. */
    static final int QUEUE_CURVE_POINTS = 200;

    /**
     * The capacity planner: the fewest M/M/c servers whose p95 response time meets the SLO (the numbers of
     * {@code scalewise queue --slo-p95-ms}, both from {@link dev.scalewise.queue.Staffing}) and the p95 against the
     * number of servers around it.
     */
    private void queue(Context ctx) {
        double lambda = number(ctx, "arrival_rate", Double.NaN);
        double mu = number(ctx, "service_rate", Double.NaN);
        double sloMs = number(ctx, "slo_p95_ms", Double.NaN);
        if (!(lambda > 0 && lambda <= 1e12)) {
            throw ApiException.badRequest("arrival_rate must be a number in (0, 1e12] requests/s, got " + lambda);
        }
        if (!(mu > 0 && mu <= 1e9)) {
            throw ApiException.badRequest("service_rate must be a number in (0, 1e9] requests/s, got " + mu);
        }
        if (!(sloMs > 0 && sloMs <= 3_600_000)) {
            throw ApiException.badRequest("slo_p95_ms must be a number in (0, 3600000] ms, got " + sloMs);
        }
        if (lambda / mu > 1e9) {
            throw ApiException.badRequest("an offered load of " + lambda / mu + " servers is beyond the planner (at most 1e9)");
        }
        int min = dev.scalewise.queue.Staffing.minServers(lambda, mu, sloMs / 1000);
        long first = (long) Math.floor(lambda / mu) + 1;
        long last = Math.max(min + 3L, min + (long) Math.ceil(Math.sqrt(lambda / mu)));
        long stride = Math.max(1, (last - first + QUEUE_CURVE_POINTS - 1) / QUEUE_CURVE_POINTS);
        List<Map<String, Object>> curve = new ArrayList<>();
        for (long c = first; c <= last; c += stride) {
            curve.add(Map.of("servers", c, "p95_ms", dev.scalewise.queue.Staffing.p95(c, lambda, mu) * 1000));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arrival_rate", lambda);
        out.put("service_rate", mu);
        out.put("slo_p95_ms", sloMs);
        out.put("min_servers", min);
        out.put("utilization", lambda / (min * mu));
        out.put("p95_ms", dev.scalewise.queue.Staffing.p95(min, lambda, mu) * 1000);
        out.put("curve", curve);
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
            if (declared <= DRAIN_BYTES) {
                // read and drop what the client is still sending (bounded), so that it reads the 413 instead of a
                // connection reset by a server closing with its request unread
                try (InputStream in = ctx.req().getInputStream()) {
                    byte[] sink = new byte[8192];
                    long left = declared;
                    for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                        left -= n;
                    }
                }
            }
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

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer (a JSON number without a fraction, not a string)";
        }
        if (type == Double.class || type == double.class) {
            return "a number (not a string)";
        }
        return type == null ? "another type" : "a " + type.getSimpleName();
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.contentType("application/json");
        try {
            ctx.result(json.writeValueAsBytes(Map.of("error", message == null ? "error" : runs.redact(message))));
        } catch (IOException e) {
            ctx.result("{\"error\":\"error\"}");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).toLowerCase(Locale.ROOT).startsWith("unexpected")
                ? s.split("\n")[0].replaceAll("\\p{Cntrl}", "?") : RunStore.clip(i < 0 ? s : s.substring(0, i));
    }

    /** The parsed JSON of a node, for tests and tools. */
    JsonNode parse(byte[] bytes) throws IOException {
        return json.readTree(bytes);
    }
}

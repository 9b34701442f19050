package dev.scalewise.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.env.StepInfo;
import dev.scalewise.metrics.KpiAccumulator;
import dev.scalewise.metrics.Kpis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Plays a {@link LiveComparison} back as server-sent events, in batches of steps:
 * <ul>
 *   <li>{@code init}: {@code id}, {@code trace}, {@code steps}, {@code step_seconds}, {@code slo_ms},
 *       {@code batch_steps}, {@code worlds} (names)</li>
 *   <li>{@code batch} (repeated): {@code from}, {@code to} (step indices, {@code to} exclusive), {@code demand_rps}
 *       (arrival rate per step), and per world {@code capacity_rps} (ready instances x service rate),
 *       {@code instances} (ready + booting), {@code cost_usd} (billed per step) and {@code hud}: {@code step}, {@code instances}, {@code cost_usd} so
 *       far, {@code savings_vs_static_pct} (null without a static world), {@code sla_violations} (steps),
 *       {@code p95_latency_ms} (request-weighted p95 so far)</li>
 *   <li>{@code done}: per world the final indicators ({@link Kpis} in snake_case)</li>
 * </ul>
 * At speed 0 batches follow each other without pause; otherwise they are paced to {@code speed} steps per second.
 */
public final class LiveStream {
    /** Steps per event at full speed. */
    static final int FULL_SPEED_BATCH = 240;
    /** Events per second when paced. */
    static final int PACED_EVENTS_PER_SECOND = 20;

    private final ObjectMapper json;

    /** @param json the mapper whose factory writes the events */
    public LiveStream(ObjectMapper json) {
        this.json = json;
    }

    /** Slowest paced playback, steps per second (a slower stream would hold its connection for hours). */
    public static final double MIN_SPEED = 1;

    /** Checks a speed: 0 (full speed) or {@link #MIN_SPEED} to 1,000,000 steps per second. */
    static void checkSpeed(double speed) {
        if (!(speed == 0 || speed >= MIN_SPEED && speed <= 1e6)) {
            throw ApiException.badRequest("speed must be 0 (full speed) or 1 to 1000000 steps per second, got " + speed);
        }
    }

    /** Checks a playback window: {@code 0 <= from < to <= steps} and {@link #checkSpeed}. */
    static void checkWindow(LiveComparison c, int from, int to, double speed) {
        if (from < 0 || to > c.steps() || from >= to) {
            throw ApiException.badRequest("from and to must satisfy 0 <= from < to <= " + c.steps() + ", got from="
                    + from + ", to=" + to);
        }
        checkSpeed(speed);
    }

    /** Steps per batch for a playback speed (steps per second, 0 = full speed). */
    static int batchSteps(double speed) {
        if (speed <= 0) {
            return FULL_SPEED_BATCH;
        }
        return (int) Math.max(1, Math.min(FULL_SPEED_BATCH, Math.ceil(speed / PACED_EVENTS_PER_SECOND)));
    }

    /**
     * Writes the whole stream to {@code out}, flushing after every event.
     *
     * @throws IOException when the client goes away (the stream then simply ends)
     * @throws InterruptedException when the thread is interrupted while pacing
     */
    public void write(LiveComparison c, OutputStream out) throws IOException, InterruptedException {
        write(c, out, 0, c.steps(), c.request().speed());
    }

    /**
     * Writes the steps {@code [from, to)} only (the playback's resume, step and seek), paced to {@code speed}; the
     * heads-up figures are still cumulative from step 0, and {@code done} says whether {@code to} is the last step.
     *
     * @throws ApiException (400) when the window is not inside the comparison or the speed is out of range
     */
    public void write(LiveComparison c, OutputStream out, int from, int to, double speed)
            throws IOException, InterruptedException {
        checkWindow(c, from, to, speed);
        int n = c.steps();
        int first = from;
        int w = c.worlds().size();
        int batch = batchSteps(speed);
        KpiAccumulator[] kpis = new KpiAccumulator[w];
        double[] cost = new double[w];
        int[] violations = new int[w];
        for (int i = 0; i < w; i++) {
            kpis[i] = new KpiAccumulator(c.env().stepSeconds());
        }
        Integer staticWorld = c.staticWorld().orElse(null);
        for (int i = 0; i < w; i++) {
            for (int k = 0; k < first; k++) {
                StepInfo s = c.worlds().get(i).steps().get(k);
                kpis[i].add(s);
                cost[i] += s.costUsd();
                violations[i] += s.slaViolated() ? 1 : 0;
            }
        }
        event(out, "init", g -> {
            g.writeStringField("id", c.id());
            g.writeStringField("trace", c.traceName());
            g.writeNumberField("steps", n);
            g.writeNumberField("step_seconds", c.env().stepSeconds());
            g.writeNumberField("slo_ms", c.env().sloSeconds() * 1000);
            g.writeNumberField("batch_steps", batch);
            g.writeNumberField("speed", speed);
            g.writeNumberField("from", first);
            g.writeNumberField("to", to);
            g.writeArrayFieldStart("worlds");
            for (LiveComparison.World world : c.worlds()) {
                g.writeString(world.name());
            }
            g.writeEndArray();
        });
        long start = System.nanoTime();
        int end = to;
        for (int lo = first; lo < end; lo += batch) {
            int hi = Math.min(end, lo + batch);
            batch(c, out, lo, hi, kpis, cost, violations, staticWorld);
            if (speed > 0) {
                long due = start + (long) ((hi - first) / speed * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        done(c, out, end, kpis, cost, violations, staticWorld);
    }

    private void batch(LiveComparison c, OutputStream out, int from, int to, KpiAccumulator[] kpis, double[] cost,
                       int[] violations, Integer staticWorld) throws IOException {
        int w = c.worlds().size();
        for (int i = 0; i < w; i++) {
            for (int k = from; k < to; k++) {
                StepInfo s = c.worlds().get(i).steps().get(k);
                kpis[i].add(s);
                cost[i] += s.costUsd();
                violations[i] += s.slaViolated() ? 1 : 0;
            }
        }
        int a = from;
        event(out, "batch", g -> {
            g.writeNumberField("from", a);
            g.writeNumberField("to", to);
            g.writeArrayFieldStart("demand_rps");
            List<StepInfo> first = c.worlds().get(0).steps();
            for (int k = a; k < to; k++) {
                g.writeNumber(round(first.get(k).arrivalRate()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("worlds");
            for (int i = 0; i < w; i++) {
                List<StepInfo> steps = c.worlds().get(i).steps();
                g.writeStartObject();
                g.writeArrayFieldStart("capacity_rps");
                for (int k = a; k < to; k++) {
                    StepInfo s = steps.get(k);
                    g.writeNumber(round(s.ready() * s.serviceRate()));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("instances");
                for (int k = a; k < to; k++) {
                    StepInfo s = steps.get(k);
                    g.writeNumber(s.ready() + s.booting());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("cost_usd");
                for (int k = a; k < to; k++) {
                    g.writeNumber(Math.round(steps.get(k).costUsd() * 1e6) / 1e6);
                }
                g.writeEndArray();
                StepInfo last = steps.get(to - 1);
                g.writeObjectFieldStart("hud");
                g.writeNumberField("step", to);
                g.writeNumberField("instances", last.ready() + last.booting());
                g.writeNumberField("cost_usd", cost[i]);
                if (staticWorld != null && cost[staticWorld] > 0) {
                    g.writeNumberField("savings_vs_static_pct", 100 * (cost[staticWorld] - cost[i]) / cost[staticWorld]);
                } else {
                    g.writeNullField("savings_vs_static_pct");
                }
                g.writeNumberField("sla_violations", violations[i]);
                g.writeNumberField("p95_latency_ms", kpis[i].kpis().p95LatencyMs());
                g.writeNumberField("sla_compliance_pct", kpis[i].kpis().slaCompliancePct());
                g.writeNumberField("flaps", kpis[i].kpis().flaps());
                g.writeNumberField("dropped_requests", kpis[i].kpis().droppedRequests());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void done(LiveComparison c, OutputStream out, int end, KpiAccumulator[] kpis, double[] cost,
                      int[] violations, Integer staticWorld) throws IOException {
        int w = c.worlds().size();
        event(out, "done", g -> {
            g.writeNumberField("step", end);
            g.writeBooleanField("complete", end == c.steps());
            g.writeArrayFieldStart("worlds");
            for (int i = 0; i < w; i++) {
                Kpis k = kpis[i].kpis();
                g.writeStartObject();
                g.writeStringField("name", c.worlds().get(i).name());
                g.writeNumberField("steps", k.steps());
                g.writeNumberField("cost_usd", k.costUsd());
                g.writeNumberField("instance_hours", k.instanceHours());
                if (staticWorld != null && cost[staticWorld] > 0) {
                    g.writeNumberField("savings_vs_static_pct", 100 * (cost[staticWorld] - cost[i]) / cost[staticWorld]);
                } else {
                    g.writeNullField("savings_vs_static_pct");
                }
                g.writeNumberField("sla_compliance_pct", k.slaCompliancePct());
                g.writeNumberField("sla_violations", violations[i]);
                g.writeNumberField("p50_latency_ms", k.p50LatencyMs());
                g.writeNumberField("p95_latency_ms", k.p95LatencyMs());
                g.writeNumberField("p99_latency_ms", k.p99LatencyMs());
                g.writeNumberField("dropped_requests", k.droppedRequests());
                g.writeNumberField("scaling_actions", k.scalingActions());
                g.writeNumberField("flaps", k.flaps());
                g.writeNumberField("mean_utilization", k.meanUtilization());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** Three decimals are plenty for a chart and keep the events small. */
    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private void event(OutputStream out, String name, Body body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
        buf.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        try (JsonGenerator g = json.getFactory().createGenerator(buf)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        buf.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        buf.writeTo(out);
        out.flush();
    }
}

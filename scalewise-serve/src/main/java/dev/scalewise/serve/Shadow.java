package dev.scalewise.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalewise.queue.ErlangC;
import dev.scalewise.run.RunDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs policies beside the cluster without acting: each sees the cluster's real observations (its actual ready and
 * spec replicas, since nothing it decides is applied) and says what it would have asked for. The comparison, per
 * policy and for what the cluster actually ran: mean replicas, replica-hours, estimated cost (replica-hours x price)
 * and estimated SLA: the share of intervals whose M/M/c p95 response time ({@link ErlangC#responseQuantile}, the
 * queueing model's estimate from the interval's rate, the replicas and the per-replica service rate) meets the
 * objective; an overloaded interval misses it. This is the {@code shadow} command's pipeline.
 */
public final class Shadow {
    private final ServeConfig config;
    private final List<ServedPolicy> policies;
    private final List<Decider> deciders = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private final ScaledTarget target;
    private int skipped;

    /** Policies that start cold (no history before the first sample). */
    public Shadow(ServeConfig config, ScaledTarget target, List<ServedPolicy> policies) {
        this(config, target, policies, WarmUp.none(config.service().stepSeconds()));
    }

    /**
     * @param warmUp the history each policy is warmed with before its first sample (live or replayed) and after a
     *               stale gap, as {@code serve} warms it ({@link WarmUp#prometheus})
     */
    public Shadow(ServeConfig config, ScaledTarget target, List<ServedPolicy> policies, WarmUp.Source warmUp) {
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("shadow needs at least one --policy or --model");
        }
        this.config = config;
        this.target = target;
        this.policies = List.copyOf(policies);
        for (ServedPolicy p : policies) {
            deciders.add(p.decider(warmUp));
        }
    }

    /** One interval: every policy decides on the sample; nothing is applied. */
    public void observe(LiveSample s) {
        double[] row = new double[3 + deciders.size()];
        row[0] = s.time();
        row[1] = s.arrivalRate();
        row[2] = s.desired();
        for (int i = 0; i < deciders.size(); i++) {
            row[3 + i] = deciders.get(i).decide(target, s).desired();
        }
        rows.add(row);
    }

    /** An interval with no usable metrics (counted, not compared). */
    public void skip() {
        skipped++;
    }

    /**
     * Replays history: the rate, ready and spec replicas from {@code query_range} every {@code stepSeconds}; times
     * where any of them has no point are skipped (and counted).
     */
    public void replay(PrometheusClient client, double start, double end) throws IOException {
        double step = config.service().stepSeconds();
        if ((end - start) / step + 1 > Backtest.MAX_STEPS) {
            throw new IllegalArgumentException("--range is " + (long) ((end - start) / step + 1) + " intervals of "
                    + step + " s; at most " + Backtest.MAX_STEPS);
        }
        ServeConfig.Queries q = config.queries();
        Map<Long, Double> rate = PrometheusClient.byMillis(client.queryRange(target.fill(q.requestRate()), start, end,
                step));
        Map<Long, Double> ready = PrometheusClient.byMillis(client.queryRange(target.fill(q.readyReplicas()), start, end,
                step));
        Map<Long, Double> desired = PrometheusClient.byMillis(client.queryRange(target.fill(q.desiredReplicas()), start,
                end, step));
        for (long k = 0; start + k * step <= end + 1e-9; k++) {
            long t = Math.round((start + k * step) * 1000);
            Double r = rate.get(t);
            Double rd = ready.get(t);
            Double ds = desired.get(t);
            if (r == null || rd == null || ds == null || !Double.isFinite(r) || r < 0) {
                skip();
                continue;
            }
            observe(new LiveSample(t / 1000.0, r, (int) Math.round(rd), (int) Math.round(ds), 0, null, null, null));
        }
    }

    /** One column of the comparison. */
    public record Summary(@JsonProperty("name") String name,
                          @JsonProperty("mean_replicas") double meanReplicas,
                          @JsonProperty("replica_hours") double replicaHours,
                          @JsonProperty("cost_usd") double costUsd,
                          @JsonProperty("sla_met_fraction") double slaMetFraction) {
    }

    /** The comparison: "actual" first, then each policy. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        out.add(summary("actual", 2));
        for (int i = 0; i < policies.size(); i++) {
            out.add(summary(policies.get(i).name(), 3 + i));
        }
        return out;
    }

    private Summary summary(String name, int column) {
        ServeConfig.Service s = config.service();
        double sum = 0;
        int met = 0;
        for (double[] row : rows) {
            int c = (int) row[column];
            sum += c;
            met += meetsSlo(c, row[1], s.serviceRate(), s.sloSeconds()) ? 1 : 0;
        }
        int n = rows.size();
        double hours = sum * s.stepSeconds() / 3600;
        return new Summary(name, n == 0 ? 0 : sum / n, hours, hours * s.pricePerHour(), n == 0 ? 0 : (double) met / n);
    }

    /** Whether {@code replicas} serving {@code rate} meet the p95 objective in the M/M/c model. */
    static boolean meetsSlo(int replicas, double rate, double mu, double slo) {
        if (rate <= 0) {
            return true;
        }
        if (replicas <= 0 || rate >= replicas * mu) {
            return false;
        }
        return ErlangC.responseQuantile(replicas, rate, mu, 0.95) <= slo;
    }

    public int intervals() {
        return rows.size();
    }

    public int skipped() {
        return skipped;
    }

    /** {@code shadow.csv} (one row per interval) and {@code shadow.json} (the comparison) into {@code dir}. */
    public void write(Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir);
        StringBuilder csv = new StringBuilder("time,rate,actual");
        for (ServedPolicy p : policies) {
            csv.append(',').append(p.name().replace(',', '_'));
        }
        csv.append('\n');
        for (double[] row : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%d", Math.round(row[0]), row[1], (int) row[2]));
            for (int i = 3; i < row.length; i++) {
                csv.append(',').append((int) row[i]);
            }
            csv.append('\n');
        }
        RunDirectory.writeAtomically(run.file("shadow.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scaled_object", target.key());
        json.put("step_seconds", config.service().stepSeconds());
        json.put("service_rate", config.service().serviceRate());
        json.put("slo_seconds", config.service().sloSeconds());
        json.put("price_per_hour", config.service().pricePerHour());
        json.put("intervals", rows.size());
        json.put("skipped_intervals", skipped);
        json.put("comparison", summaries());
        run.writeJson("shadow.json", json);
    }

    /** A table for the terminal. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %13s %13s %10s %9s%n", "policy",
                "mean replicas", "replica-hours", "cost $", "SLA met"));
        for (Summary s : summaries()) {
            sb.append(String.format(Locale.ROOT, "%-28s %13.2f %13.2f %10.2f %8.1f%%%n", s.name(), s.meanReplicas(),
                    s.replicaHours(), s.costUsd(), 100 * s.slaMetFraction()));
        }
        sb.append(String.format(Locale.ROOT, "%d intervals compared, %d without metrics skipped%n", rows.size(), skipped));
        return sb.toString();
    }
}

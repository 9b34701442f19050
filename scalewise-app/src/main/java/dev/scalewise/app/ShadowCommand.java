package dev.scalewise.app;

import dev.scalewise.serve.LiveSample;
import dev.scalewise.serve.PrometheusClient;
import dev.scalewise.serve.SampleReader;
import dev.scalewise.serve.ScaledTarget;
import dev.scalewise.serve.ServeConfig;
import dev.scalewise.serve.ServedPolicy;
import dev.scalewise.serve.Shadow;
import dev.scalewise.serve.TimeRange;
import dev.scalewise.serve.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs policies beside a live cluster (or its history) without acting, and compares them with what it ran. */
@Command(name = "shadow", mixinStandardHelpOptions = true,
        description = {"Shadow policies against Prometheus without acting: replay a range of history (--range) or read "
                + "live every interval (--duration); write shadow.csv and shadow.json (replicas, estimated cost, "
                + "estimated SLA with the M/M/c model) into a run folder.",
                "Example: scalewise shadow --prometheus http://127.0.0.1:9090 --target shop/web --policy hpa "
                        + "--policy keda --range now-24h..now --out runs/shadow-web"})
public final class ShadowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Scaler config (YAML), as for serve.")
    Path config;

    @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL (overrides the config's).")
    String prometheus;

    @Option(names = "--target", required = true, paramLabel = "NAMESPACE/NAME", description = "The workload, as its "
            + "ScaledObject would name it.")
    String target;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Query placeholders, as the ScaledObject's "
            + "metadata (e.g. service=web).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--policy", paramLabel = "NAME", description = "A policy by name (repeatable).")
    List<String> policies = new ArrayList<>();

    @Option(names = "--model", paramLabel = "[NAME=]RUN_DIR", description = "A training run's agent (repeatable).")
    List<String> models = new ArrayList<>();

    @Option(names = "--range", paramLabel = "START..END", description = "Replay this history with query_range "
            + "(ISO-8601, Unix seconds, now, now-24h).")
    String range;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Read live for this long instead.")
    double duration;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((range == null) == !(duration > 0)) {
            throw new IllegalArgumentException("give exactly one of --range START..END and --duration SECONDS (> 0)");
        }
        ServeConfig cfg = ServeCommand.config(config, prometheus);
        int slash = target.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("--target '" + target + "': expected NAMESPACE/NAME");
        }
        ScaledTarget t = new ScaledTarget(target.substring(0, slash), target.substring(slash + 1), metadata);
        List<ServedPolicy> served = new ArrayList<>();
        for (String p : policies) {
            served.add(ServedPolicy.named(p, cfg));
        }
        for (String m : models) {
            served.add(ServeCommand.model(m, cfg));
        }
        PrometheusClient client = new PrometheusClient(cfg.prometheus().url(),
                Duration.ofMillis(Math.round(cfg.prometheus().timeoutSeconds() * 1000)));
        Shadow shadow = new Shadow(cfg, t, served, WarmUp.prometheus(client, cfg));
        PrintWriter w = spec.commandLine().getOut();
        w.println("shadowing " + t.key() + ": " + WarmUp.startupLine(cfg));
        if (range != null) {
            TimeRange r = TimeRange.parse(range, Instant.now());
            shadow.replay(client, r.start().getEpochSecond(), r.end().getEpochSecond());
        } else {
            live(shadow, new SampleReader(client, cfg.queries()), t, cfg.service().stepSeconds(), w);
        }
        shadow.write(out);
        w.print(shadow.table());
        w.println("wrote " + out.toAbsolutePath());
        w.flush();
        return 0;
    }

    private void live(Shadow shadow, SampleReader reader, ScaledTarget t, double step, PrintWriter w)
            throws InterruptedException {
        long end = System.nanoTime() + Math.round(duration * 1e9);
        while (System.nanoTime() < end) {
            long next = System.nanoTime() + Math.round(step * 1e9);
            try {
                LiveSample s = reader.read(t, System.currentTimeMillis() / 1000.0);
                shadow.observe(s);
            } catch (IOException e) {
                shadow.skip();
                w.println("skipped an interval: " + e.getMessage());
                w.flush();
            }
            long wait = Math.min(next, end) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}

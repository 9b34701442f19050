package dev.scalewise.app;

import dev.scalewise.serve.Backtest;
import dev.scalewise.serve.PrometheusClient;
import dev.scalewise.serve.ScaledTarget;
import dev.scalewise.serve.ServeConfig;
import dev.scalewise.serve.TimeRange;
import dev.scalewise.workload.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** A Prometheus history of request rates as a trace file for compare, train and demo. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Turn a Prometheus history of request rates into a trace (CSV timestamp,rate) that --trace PATH "
                + "reads, so compare, train and demo run on your own traffic.",
                "Example: scalewise backtest --prometheus http://127.0.0.1:9090 --target shop/web --range now-7d..now "
                        + "--step 60 --out web.csv && scalewise compare --trace web.csv"})
public final class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL (overrides the config's).")
    String prometheus;

    @Option(names = "--config", paramLabel = "FILE", description = "Scaler config (YAML): its requestRate query.")
    Path config;

    @Option(names = "--query", paramLabel = "PROMQL", description = "The request-rate query (instead of the config's).")
    String query;

    @Option(names = "--target", paramLabel = "NAMESPACE/NAME", description = "Fills the config query's placeholders.")
    String target;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "More placeholders (e.g. service=web).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--range", required = true, paramLabel = "START..END", description = "ISO-8601, Unix seconds, now, now-7d.")
    String range;

    @Option(names = "--step", paramLabel = "SECONDS", description = "Trace step (default: ${DEFAULT-VALUE}).")
    double step = 60;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "The trace file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!(step >= 1)) {
            throw new IllegalArgumentException("--step must be >= 1 second, got " + step);
        }
        ServeConfig cfg = ServeCommand.config(config, prometheus);
        String q = query;
        if (q == null) {
            if (target == null || target.indexOf('/') <= 0) {
                throw new IllegalArgumentException("give --query PROMQL, or --target NAMESPACE/NAME for the config's query");
            }
            int slash = target.indexOf('/');
            q = new ScaledTarget(target.substring(0, slash), target.substring(slash + 1), metadata)
                    .fill(cfg.queries().requestRate());
        }
        TimeRange r = TimeRange.parse(range, Instant.now());
        PrometheusClient client = new PrometheusClient(cfg.prometheus().url(),
                Duration.ofMillis(Math.round(cfg.prometheus().timeoutSeconds() * 1000)));
        Trace trace = Backtest.write(Backtest.fetch(client, q, r.start(), r.end(), step), out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(java.util.Locale.ROOT, "wrote %s: %d steps of %.0f s, mean %.2f req/s, peak %.2f req/s%s%n",
                out.toAbsolutePath(), trace.length(), trace.stepSeconds(), trace.meanRate(), trace.peakRate(),
                trace.gaps().isEmpty() ? "" : ", " + trace.gaps().size() + " gaps without data (read as zero traffic)");
        w.flush();
        return 0;
    }
}

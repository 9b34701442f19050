package dev.scalewise.app;

import dev.scalewise.serve.DecisionLog;
import dev.scalewise.serve.ExternalScaler;
import dev.scalewise.serve.PrometheusClient;
import dev.scalewise.serve.SampleReader;
import dev.scalewise.serve.ScalerMetrics;
import dev.scalewise.serve.ScalerServer;
import dev.scalewise.serve.ServeConfig;
import dev.scalewise.serve.ServedPolicy;
import dev.scalewise.serve.TrainedRange;
import dev.scalewise.serve.WarmUp;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Serves a policy to KEDA as an external scaler, reading Prometheus ({@code docs/serve.md}). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a policy to a real cluster: a KEDA external scaler (gRPC) that reads Prometheus, with "
                + "guard rails, a fallback, a JSON-lines decision log and its own /metrics.",
                "Example: scalewise serve --policy hpa --config scaler.yaml --prometheus http://127.0.0.1:9090"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Exactly one policy: a name or a run folder. */
    static final class Which {
        @Option(names = "--policy", paramLabel = "NAME", description = "A policy by name, as in compare (hpa, keda, "
                + "threshold, aws-*, static, mpc when registered).")
        String policy;

        @Option(names = "--model", paramLabel = "[NAME=]RUN_DIR", description = "A training run folder: its agent.")
        String model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--config", paramLabel = "FILE", description = "Scaler config (YAML): queries, service, guard rails, metric.")
    Path config;

    @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL (overrides the config's).")
    String prometheus;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "gRPC port KEDA calls; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 6000;

    @Option(names = "--metrics-port", description = "/metrics port; 0 picks a free one, -1 none (default: ${DEFAULT-VALUE}).")
    int metricsPort = 9464;

    @Option(names = "--allow-remote", description = "Allow a non-loopback --host (then TLS is required).")
    boolean allowRemote;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PEM, PKCS#8).")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM", description = "Require callers to present a certificate "
            + "signed by this CA (PEM; KEDA's tlsClientCert/tlsClientKey).")
    Path tlsClientCa;

    @Option(names = "--decision-log", paramLabel = "FILE", description = "Append every decision as a JSON line "
            + "(default: ${DEFAULT-VALUE}).")
    Path decisionLog = Path.of("decisions.jsonl");

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (0: until Ctrl-C; "
            + "default: ${DEFAULT-VALUE}).")
    double duration = 0;

    /** Set by tests to stop the server instead of waiting. */
    CountDownLatch stop = new CountDownLatch(1);

    volatile ScalerServer server;

    @Override
    public Integer call() throws Exception {
        if (!(duration >= 0)) {
            throw new IllegalArgumentException("--duration must be >= 0, got " + duration);
        }
        ServeConfig cfg = ServeCommand.config(config, prometheus);
        ServedPolicy policy = which.policy != null ? ServedPolicy.named(which.policy, cfg) : model(which.model, cfg);
        PrintWriter out = spec.commandLine().getOut();
        PrometheusClient client = new PrometheusClient(cfg.prometheus().url(),
                Duration.ofMillis(Math.round(cfg.prometheus().timeoutSeconds() * 1000)));
        ScalerMetrics metrics = new ScalerMetrics();
        try (DecisionLog log = DecisionLog.open(decisionLog);
             ExternalScaler scaler = new ExternalScaler(cfg, policy, new SampleReader(client, cfg.queries()),
                     WarmUp.prometheus(client, cfg), log, metrics, () -> System.currentTimeMillis() / 1000.0);
             ScalerServer s = ScalerServer.start(scaler, metrics,
                     new ScalerServer.Listen(host, port, metricsPort, allowRemote, tlsCert, tlsKey, tlsClientCa))) {
            server = s;
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("Scalewise external scaler: " + host + ":" + s.port() + (tlsCert == null ? "" : tlsClientCa == null
                    ? " (TLS)" : " (TLS, client certificates required)") + " serving '" + policy.name()
                    + "' from " + cfg.prometheus().url() + ", " + WarmUp.startupLine(cfg)
                    + (s.metricsPort() >= 0 ? "; metrics on " + host + ":" + s.metricsPort() + "/metrics" : "")
                    + "; decisions to " + decisionLog + " (Ctrl-C stops)");
            out.flush();
            if (duration > 0) {
                stop.await(Math.round(duration * 1000), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
        }
        return 0;
    }

    /**
     * The agent of a {@code --model [NAME=]RUN_DIR} option, with what it was trained on (its run's
     * {@link TrainedRange}: inputs outside it fall back).
     */
    static ServedPolicy model(String option, ServeConfig cfg) {
        Path dir = runDir(option);
        var entry = CompareCommand.loadModel(option);
        try {
            return new ServedPolicy(entry, cfg, TrainedRange.of(dir));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--model " + option + ": " + e.getMessage());
        }
    }

    /** The folder of a {@code --model [NAME=]RUN_DIR} option (as {@link CompareCommand#loadModel(String)} reads it). */
    static Path runDir(String option) {
        int eq = option.indexOf('=');
        return eq > 0 && !java.nio.file.Files.isDirectory(Path.of(option)) ? Path.of(option.substring(eq + 1))
                : Path.of(option);
    }

    /** The config file (or the defaults) with {@code --prometheus} applied. */
    static ServeConfig config(Path file, String prometheusUrl) throws java.io.IOException {
        ServeConfig cfg = file == null ? ServeConfig.defaults() : ServeConfig.load(file);
        return prometheusUrl == null ? cfg : cfg.withPrometheusUrl(prometheusUrl);
    }
}

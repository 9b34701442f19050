package dev.scalewise.app;

import dev.scalewise.serve.ScalerLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The scaler's latency benchmark and bounded soak against a real Prometheus on loopback. */
@Command(name = "serve-bench", mixinStandardHelpOptions = true,
        description = {"Benchmark and soak the external scaler on loopback: a real Prometheus (Debian's package) "
                + "scraping a trace exporter of --objects deployments, and a grpc-java client calling GetMetrics at "
                + "--rate calls/s for --duration seconds; prints latency quantiles and errors.",
                "Example: scalewise serve-bench --objects 100 --rate 200 --duration 600"})
public final class ServeBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--objects", description = "ScaledObjects (default: ${DEFAULT-VALUE}).")
    int objects = 100;

    @Option(names = "--rate", description = "GetMetrics calls per second (default: ${DEFAULT-VALUE}).")
    double rate = 200;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "How long (default: ${DEFAULT-VALUE}).")
    double duration = 60;

    @Option(names = "--policy", description = "Policy served (default: ${DEFAULT-VALUE}).")
    String policy = "hpa";

    @Option(names = "--dir", paramLabel = "DIR", description = "Scratch folder (default: a temporary one).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("scalewise-serve-bench");
        // the load generator, Prometheus and the scaler run in real time: the wall clock is injected here, as serve does
        ScalerLoad.Result r = ScalerLoad.run(d, policy, objects, rate, duration,
                () -> System.currentTimeMillis() / 1000.0);
        spec.commandLine().getOut().print(r.text());
        spec.commandLine().getOut().flush();
        return r.errors() == 0 ? 0 : 1;
    }
}

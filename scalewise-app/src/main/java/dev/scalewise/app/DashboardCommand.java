package dev.scalewise.app;

import dev.scalewise.web.DashboardConfig;
import dev.scalewise.web.PolicyProvider;
import dev.scalewise.web.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Serves the web dashboard on 127.0.0.1 (by default) until interrupted. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve the interactive web dashboard (runs, training, live worlds, cost, agent, forensics, "
                + "forecasts, architecture) from this jar, offline.",
                "Example: scalewise dashboard --runs-dir runs --port 8080"})
public final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}: only this machine can connect).")
    String host = DashboardConfig.LOOPBACK;

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "Directory of run folders (default: ${DEFAULT-VALUE}).")
    Path runsDir = Path.of("runs");

    @Option(names = "--traces-dir", paramLabel = "DIR", description = "Where catalog traces live (default lookup as `traces`).")
    String tracesDir;

    /** Set by tests to stop the server instead of waiting for Ctrl-C. */
    CountDownLatch stop = new CountDownLatch(1);

    /** The running server (for tests). */
    volatile DashboardServer server;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DashboardConfig base = DashboardConfig.defaults(runsDir).withHost(host).withPort(port).withTracesDir(tracesDir);
        DashboardConfig config = base
                .withPolicies(PolicyProvider.chain(DashboardAdapters.baselines(), DashboardAdapters.agents(runsDir),
                        base.policies()))
                .withQValues(DashboardAdapters.qValues());
        if (!config.loopbackOnly()) {
            err.println("warning: binding " + host + ": other machines can reach the dashboard (it has no authentication)");
            err.flush();
        }
        try (DashboardServer s = DashboardServer.start(config)) {
            server = s;
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("Scalewise dashboard: " + s.url() + "  (runs from " + runsDir.toAbsolutePath().normalize()
                    + "; Ctrl-C stops)");
            out.flush();
            stop.await();
        }
        return 0;
    }
}

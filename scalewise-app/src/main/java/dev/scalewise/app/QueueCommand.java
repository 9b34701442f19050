package dev.scalewise.app;

import dev.scalewise.queue.ErlangC;
import dev.scalewise.queue.Staffing;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The M/M/c calculator: metrics for given servers, or the fewest servers that meet a p95 objective. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"M/M/c queueing calculator (Erlang C): waiting probability, mean wait and response time, "
                + "p95/p99 response time, M/M/c/K blocking; or the fewest servers meeting a p95 SLO.",
                "Example: scalewise queue --arrival-rate 95 --service-rate 1 --slo-p95-ms 4000"})
public final class QueueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--servers", description = "Servers (c). Optional with --slo-p95-ms.")
    Integer servers;

    @Option(names = "--arrival-rate", required = true, description = "Arrival rate lambda in requests/s.")
    double arrivalRate;

    @Option(names = "--service-rate", required = true, description = "Service rate mu of one server in requests/s.")
    double serviceRate;

    @Option(names = "--queue-limit", description = "Waiting places (Q); reports M/M/c/K blocking with K = c + Q.")
    Long queueLimit;

    @Option(names = "--slo-p95-ms", description = "p95 response-time objective in ms: find the fewest servers meeting it.")
    Double sloP95Ms;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Write the result as JSON to FILE, or - for stdout.")
    String json;

    @Override
    public Integer call() throws Exception {
        if (!(arrivalRate >= 0) || !Double.isFinite(arrivalRate)) {
            throw new IllegalArgumentException("--arrival-rate must be a finite number >= 0, got " + arrivalRate);
        }
        if (!(serviceRate > 0) || !Double.isFinite(serviceRate)) {
            throw new IllegalArgumentException("--service-rate must be a positive finite number, got " + serviceRate);
        }
        if (servers != null && servers < 1) {
            throw new IllegalArgumentException("--servers must be >= 1, got " + servers);
        }
        if (queueLimit != null && queueLimit < 0) {
            throw new IllegalArgumentException("--queue-limit must be >= 0, got " + queueLimit);
        }
        if (servers == null && sloP95Ms == null) {
            throw new IllegalArgumentException("give --servers, or --slo-p95-ms to find the fewest servers");
        }
        Integer minServers = null;
        if (sloP95Ms != null) {
            minServers = minServers(arrivalRate, serviceRate, sloP95Ms / 1000.0);
        }
        int c = servers != null ? servers : minServers;
        double a = arrivalRate / serviceRate;
        if (arrivalRate >= c * serviceRate) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the queue is unstable with %d servers: arrival rate %.6g >= %d x %.6g; at least %d servers are needed",
                    c, arrivalRate, c, serviceRate, (int) Math.floor(a) + 1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("servers", c);
        out.put("arrival_rate", arrivalRate);
        out.put("service_rate", serviceRate);
        out.put("utilization", a / c);
        double pWait = erlangC(c, a);
        double drain = c * serviceRate - arrivalRate;
        out.put("erlang_c", pWait);
        out.put("mean_wait_s", pWait / drain);
        out.put("mean_response_s", pWait / drain + 1.0 / serviceRate);
        out.put("p95_response_s", ErlangC.responseQuantile(pWait, drain, serviceRate, 0.95));
        out.put("p99_response_s", ErlangC.responseQuantile(pWait, drain, serviceRate, 0.99));
        if (queueLimit != null) {
            out.put("queue_limit", queueLimit);
            out.put("blocking_probability", ErlangC.blockingProbability(c, c + queueLimit, a));
        }
        if (sloP95Ms != null) {
            out.put("slo_p95_ms", sloP95Ms);
            out.put("min_servers", minServers);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (json != null) {
            JsonOutput.write(out, json, stdout);
            if ("-".equals(json)) {
                return 0;
            }
        }
        for (Map.Entry<String, Object> e : out.entrySet()) {
            Object v = e.getValue();
            String text = v instanceof Double d ? String.format(Locale.ROOT, "%.10g", d) : String.valueOf(v);
            stdout.printf(Locale.ROOT, "%-22s %s%n", e.getKey(), text);
        }
        stdout.flush();
        return 0;
    }

    /** The fewest servers meeting the p95 ({@link Staffing#minServers}; errors name {@code --slo-p95-ms}). */
    static int minServers(double lambda, double mu, double sloSeconds) {
        return Staffing.minServers(lambda, mu, sloSeconds);
    }

    /** Erlang C for {@code c > a} servers ({@link Staffing#erlangC}). */
    static double erlangC(long c, double a) {
        return Staffing.erlangC(c, a);
    }
}

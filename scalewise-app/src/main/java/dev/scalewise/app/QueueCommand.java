package dev.scalewise.app;

import dev.scalewise.queue.ErlangC;
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

    /**
     * The fewest servers c with a stable queue and p95 response time within {@code sloSeconds}. The p95 falls as c
     * grows, so the answer is bracketed from the first stable c by steps that double from {@code sqrt(a)} (the
     * square-root staffing scale: the answer lies a few {@code sqrt(a)} above the load a; Halfin and Whitt, Operations
     * Research 29(3), 1981), then found by bisection: O(log sqrt(a)) evaluations instead of O(sqrt(a)).
     */
    static int minServers(double lambda, double mu, double sloSeconds) {
        if (!(sloSeconds > 0)) {
            throw new IllegalArgumentException("--slo-p95-ms must be > 0, got " + sloSeconds * 1000);
        }
        double serviceP95 = Math.log(20) / mu;
        if (sloSeconds <= serviceP95) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no number of servers can meet a p95 of %.6g ms: the service time alone has p95 %.6g ms",
                    sloSeconds * 1000, serviceP95 * 1000));
        }
        double a = lambda / mu;
        if (a >= Integer.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "an offered load of %.6g servers is beyond "
                    + "this command (at most %d)", a, Integer.MAX_VALUE / 2));
        }
        long lo = Math.max(1, (long) Math.floor(a) + 1);
        if (meets(lo, lambda, mu, sloSeconds)) {
            return (int) lo;
        }
        long step = Math.max(1, (long) Math.ceil(Math.sqrt(a)));
        long hi = lo + step;
        while (!meets(hi, lambda, mu, sloSeconds)) {
            lo = hi;
            step *= 2;
            hi = lo + step;
            if (hi > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("no number of servers up to " + Integer.MAX_VALUE + " meets the p95");
            }
        }
        // f(lo) misses, f(hi) meets
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (meets(mid, lambda, mu, sloSeconds)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return (int) hi;
    }

    private static boolean meets(long c, double lambda, double mu, double sloSeconds) {
        return ErlangC.responseQuantile(erlangC(c, lambda / mu), c * mu - lambda, mu, 0.95) <= sloSeconds;
    }

    /**
     * Erlang C for {@code c > a} servers in O(sqrt(a)) steps rather than O(c): the Erlang B recursion
     * {@code 1/B_k = 1 + (k/a) / B_{k-1}} damps an error in its start by the product of {@code k/a}, about
     * {@code exp(-(a-k0)^2 / 2a)} up to k = a and at most {@code exp((c-a)^2 / 2a)} after it, so starting at
     * {@code k0 = a - sqrt(beta^2 + 150) sqrt(a)} (beta = (c-a)/sqrt(a)) from the fluid value
     * {@code B_k0 = 1 - k0/a} leaves a relative error below e^-75. Small loads run the exact recursion
     * ({@link ErlangC#erlangC}). (A helper for {@link #minServers}; the queue package may take it over.)
     */
    static double erlangC(long c, double a) {
        double root = Math.sqrt(a);
        double beta = (c - a) / root;
        long k0 = (long) Math.floor(a - Math.sqrt(beta * beta + 150) * root);
        if (k0 <= 0 || c - k0 > c / 2) {
            return ErlangC.erlangC((int) c, a);
        }
        double inv = 1 / (1 - k0 / a);
        for (long k = k0 + 1; k <= c; k++) {
            inv = 1 + (k / a) * inv;
        }
        double b = 1 / inv;
        return c * b / (c - a * (1 - b));
    }
}

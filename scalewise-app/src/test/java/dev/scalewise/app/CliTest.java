package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.queue.ErlangC;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the real command line in-process. */
class CliTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs the command line, asserts exit code 0 (showing standard error otherwise), returns standard output. */
    static String runOk(String... args) {
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("queue", "simulate");
    }

    @Test
    void queueJsonHasTheCliFields() throws Exception {
        Result r = run("queue", "--servers", "10", "--arrival-rate", "8", "--service-rate", "1", "--queue-limit", "40",
                "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"servers", "arrival_rate", "service_rate", "utilization", "erlang_c", "mean_wait_s",
                "mean_response_s", "p95_response_s", "p99_response_s", "blocking_probability"}) {
            assertThat(j.has(f)).as(f).isTrue();
        }
        assertThat(j.get("erlang_c").asDouble()).isCloseTo(0.4091801508, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(j.get("p95_response_s").asDouble()).isCloseTo(3.32827468, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(j.get("blocking_probability").asDouble())
                .isEqualTo(ErlangC.blockingProbability(10, 50, 8.0));
    }

    @Test
    void sloFindsTheFewestServers() throws Exception {
        Result r = run("queue", "--arrival-rate", "95", "--service-rate", "1", "--slo-p95-ms", "3200", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        int c = j.get("min_servers").asInt();
        assertThat(ErlangC.responseQuantile(c, 95, 1, 0.95)).isLessThanOrEqualTo(3.2);
        assertThat(95 >= (c - 1) || ErlangC.responseQuantile(c - 1, 95, 1, 0.95) > 3.2).isTrue();
        assertThat(j.get("servers").asInt()).isEqualTo(c);
    }

    @Test
    void badInputGetsAClearError() {
        Result r = run("queue", "--servers", "2", "--arrival-rate", "5", "--service-rate", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unstable").contains("at least 6 servers");
        Result s = run("queue", "--arrival-rate", "5", "--service-rate", "1", "--slo-p95-ms", "100");
        assertThat(s.err()).contains("service time alone");
        Result w = run("simulate", "--workload", "nope");
        assertThat(w.code()).isEqualTo(2);
        assertThat(w.err()).contains("--workload").contains("nope");
    }

    @Test
    void simulatePrintsATableAndSummary() throws Exception {
        Result r = run("simulate", "--policy", "threshold", "--steps", "120", "--every", "30");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("p95_ms").contains("SLA compliance");
        Result j = run("simulate", "--policy", "static", "--steps", "50", "--json", "-");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("steps").asInt()).isEqualTo(50);
        assertThat(n.get("cost_usd").asDouble()).isPositive();
        assertThat(n.get("scaling_actions").asInt()).isLessThanOrEqualTo(1);
    }

    /** Every command and sub-command, as the words a user types ({@code traces list}). */
    private static void commandPaths(CommandLine cl, String prefix, java.util.List<String> into) {
        into.add(prefix);
        for (var e : cl.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().aliases().equals(new String[0])
                    && java.util.Arrays.asList(e.getValue().getCommandSpec().aliases()).contains(e.getKey())) {
                continue;
            }
            commandPaths(e.getValue(), (prefix + " " + e.getKey()).trim(), into);
        }
    }

    @Test
    void everyHelpPrintsWithoutAWarning() {
        java.util.List<String> paths = new java.util.ArrayList<>();
        commandPaths(Main.newCommandLine(), "", paths);
        assertThat(paths).contains("", "demo", "sweep", "simulate", "traces list");
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream picocliErr = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(picocliErr, true, java.nio.charset.StandardCharsets.UTF_8));
            for (String path : paths) {
                java.util.List<String> args = new java.util.ArrayList<>(
                        path.isEmpty() ? java.util.List.of() : java.util.List.of(path.split(" ")));
                args.add("--help");
                Result r = run(args.toArray(String[]::new));
                String stderr = picocliErr.toString(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(r.code()).as(path + " --help: " + r.err()).isZero();
                assertThat(r.out()).as(path + " --help").contains("Usage:");
                assertThat(r.out() + r.err() + stderr).as(path + " --help").doesNotContainIgnoringCase("warn")
                        .doesNotContain("%n");
            }
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void versionIsTheProjectVersion() {
        Result r = run("--version");
        assertThat(r.out().trim()).isEqualTo("scalewise " + dev.scalewise.run.Provenance.version());
        assertThat(dev.scalewise.run.Provenance.version()).isNotEqualTo("dev");
    }

    @Test
    void errorsNameTheOptionsAsTyped() {
        Result r = run("simulate", "--min-instances", "5", "--max-instances", "2", "--steps", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).isEqualTo("error: --max-instances must be >= max(1, --min-instances = 5), got 2");
        Result i = run("simulate", "--initial-instances", "500", "--steps", "5");
        assertThat(i.err()).contains("--initial-instances must be within").doesNotContain("cluster.");
        Result n = run("simulate", "--steps", "abc");
        assertThat(n.code()).isEqualTo(2);
        assertThat(n.err().trim().lines().count()).isEqualTo(1);
        assertThat(n.err()).contains("--steps").contains("abc");
        assertThat(EnvOptions.optionNames("env.sloSeconds must be a positive finite number, got 0.0"))
                .isEqualTo("--slo-ms must be a positive finite number, got 0.0");
    }

    @Test
    void simulateRunsEveryPolicyCompareKnows() throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (String policy : dev.scalewise.experiment.PolicyRegistry.defaults().names()) {
            Result r = run("simulate", "--policy", policy, "--workload", "flash-crowd", "--steps", "90", "--json", "-");
            assertThat(r.code()).as(policy + ": " + r.err()).isZero();
            assertThat(m.readTree(r.out()).get("steps").asInt()).as(policy).isEqualTo(90);
        }
        // the oracle plans on the very arrivals the run draws: no step out of the SLA, and no cheaper than needed
        JsonNode oracle = m.readTree(run("simulate", "--policy", "oracle", "--workload", "flash-crowd", "--steps",
                "90", "--json", "-").out());
        JsonNode threshold = m.readTree(run("simulate", "--policy", "threshold", "--workload", "flash-crowd",
                "--steps", "90", "--json", "-").out());
        assertThat(oracle.get("sla_compliance_pct").asDouble()).isEqualTo(100.0);
        assertThat(oracle.get("arrived_requests").asDouble()).isEqualTo(threshold.get("arrived_requests").asDouble());
        Result bad = run("simulate", "--policy", "nope");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--policy").contains("hpa").contains("oracle").contains("hold");
    }

    @Test
    void theDemoVerdictRoundsLikeTheTable() {
        var sla = dev.scalewise.experiment.Metric.SLA_COMPLIANCE_PCT;
        assertThat(DemoCommand.asInTable(99.896, sla, 99.9, "%")).isEqualTo("99.90% (99.896%)");
        assertThat(DemoCommand.asInTable(99.95, sla, 99.9, "%")).isEqualTo("99.95%");
        assertThat(DemoCommand.asInTable(99.9, sla, 99.9, "%")).isEqualTo("99.90%");
        assertThat(DemoCommand.asInTable(98.5, sla, 99.9, "%")).isEqualTo("98.50%");
    }
}

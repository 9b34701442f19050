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
}

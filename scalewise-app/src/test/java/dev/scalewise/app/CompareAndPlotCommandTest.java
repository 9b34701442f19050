package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareAndPlotCommandTest {

    @Test
    void compareWritesReportsAndChartsAndPlotRedrawsThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cmp");
        String table = CliTest.runOk("compare", "--workload", "flash-crowd", "--steps", "120", "--history-steps", "0",
                "--seeds", "2", "--out", out.toString(), "--csv", dir.resolve("c.csv").toString(),
                "--markdown", dir.resolve("c.md").toString());
        assertThat(table).contains("oracle").contains("aws-predictive").contains("hpa").contains("perfect-forecast")
                .contains("mpc").contains("hpa-tuned").contains("aws-target-tracking-tuned").contains("total $")
                .contains("flaps/day");
        for (String f : new String[] {"comparison.json", "comparison.csv", "comparison.md", "comparison_steps.csv",
            "demand_vs_capacity.png", "cumulative_cost.png", "p95_latency.png", "sla_violations.png",
            "pareto_cost_vs_sla.png"}) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        assertThat(dir.resolve("c.csv")).exists();
        assertThat(dir.resolve("c.md")).exists();
        String plotted = CliTest.runOk("plot", "--run-dir", out.toString(), "--out", dir.resolve("replot").toString());
        assertThat(plotted).contains("demand_vs_capacity.png");
        assertThat(Files.size(dir.resolve("replot/cumulative_cost.png"))).isGreaterThan(1000);
    }

    @Test
    void compareReportsTheTunedKnobsOfQuantileMpcRows() throws Exception {
        String table = CliTest.runOk("compare", "--policies", "hpa,mpc:ewma,mpc:ewma@tuned,mpc:ewma@maxq,mpc:ewma@aci,"
                + "aws-predictive:ewma@tuned",
                "--workload", "flash-crowd", "--steps", "60", "--history-steps", "240", "--seeds", "1");
        assertThat(table).containsPattern("tuned mpc:ewma: ewma, margin \\d\\.\\d\\d")
                .containsPattern("tuned mpc:ewma@tuned: ewma@0\\.\\d+, margin \\d\\.\\d\\d")
                .containsPattern("tuned mpc:ewma@maxq: ewma, max-quantile q 0\\.\\d+ \\((absolute|relative) scores\\), "
                        + "margin \\d\\.\\d\\d")
                .containsPattern("tuned mpc:ewma@aci: ewma, adaptive max-quantile q 0\\.\\d+, gamma [0-9.]+ "
                        + "\\((absolute|relative) scores\\), margin \\d\\.\\d\\d")
                .containsPattern("tuned aws-predictive:ewma@tuned: quantile 0\\.\\d+, training SLA [0-9.]+% "
                        + "\\(forecaster ewma@0\\.\\d+.*; q 0\\.5: training SLA")
                .doesNotContain("tuned hpa");
    }

    @Test
    void compareJsonToStdoutHasTheCliFields() throws Exception {
        String json = CliTest.runOk("compare", "--policies", "static,hpa,oracle", "--workload", "step", "--steps", "60",
                "--history-steps", "0", "--seeds", "1", "--json", "-");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.get("steps").asInt()).isEqualTo(60);
        assertThat(tree.get("policies")).hasSize(3);
        assertThat(tree.get("policies").get(1).get("name").asText()).isEqualTo("hpa");
        assertThat(tree.get("policies").get(1).has("regret_vs_oracle_pct")).isTrue();
    }

    @Test
    void plotDrawsTheTrainingDashboardFromARunFolder(@TempDir Path dir) throws Exception {
        StringBuilder steps = new StringBuilder("episode,t,arrival_rate,ready,booting,utilization,p95_latency_ms,reward,action\n");
        for (int e = 0; e < 2; e++) {
            for (int t = 0; t < 50; t++) {
                steps.append(e).append(',').append(t).append(',').append(100 + t).append(",6,").append(t % 3 == 0 ? 1 : 0)
                        .append(',').append(0.5 + 0.01 * t).append(",150,").append(-0.01 * t).append(',')
                        .append(t % 5 == 0 ? 1 : 0).append('\n');
            }
        }
        Files.writeString(dir.resolve("steps.csv"), steps);
        StringBuilder eps = new StringBuilder("episode,return,epsilon\n");
        for (int e = 0; e < 120; e++) {
            eps.append(e).append(',').append(-100 + e * 0.5 + (e % 7)).append(',').append(1.0 - e / 120.0).append('\n');
        }
        Files.writeString(dir.resolve("episodes.csv"), eps);
        String out = CliTest.runOk("plot", "--run-dir", dir.toString());
        assertThat(out).contains("training_dashboard.png").contains("learning_curve.png");
        assertThat(dir.resolve("training_dashboard.png")).exists();
    }

    @Test
    void unknownPolicyIsAClearError() {
        CommandLine cl = Main.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("compare", "--policies", "nope", "--steps", "10", "--history-steps", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy 'nope'");
    }
}

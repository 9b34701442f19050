package dev.scalewise.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small run folders in the formats docs/dashboard.md describes. */
final class Fixtures {
    private Fixtures() {
    }

    /** A runs directory with a training run, a comparison run, an explanations run and a forecasts run. */
    static Path runs(Path dir) throws IOException {
        Path train = Files.createDirectories(dir.resolve("train-q7"));
        Files.writeString(train.resolve("spec.json"), "{\"agent\":\"q-learning\",\"seed\":7,\"episodes\":40}");
        Files.writeString(train.resolve("summary.json"), "{\"episodes\":40,\"steps\":4000,\"mean_return_last_50\":-120.5,"
                + "\"agent\":\"q-learning\"}");
        Files.writeString(train.resolve("provenance.json"), "{\"version\":\"0.1.0\",\"seed\":7}");
        StringBuilder ep = new StringBuilder("episode,return,steps,mean_utilization,mean_instances,sla_compliance_pct,cost_usd,epsilon\n");
        for (int e = 0; e < 40; e++) {
            ep.append(e).append(',').append(-400 + e * 7 + (e % 3) * 11).append(",100,0.6,4,").append(90 + e / 5)
                    .append(",2.5,").append(1 - e / 40.0).append('\n');
        }
        Files.writeString(train.resolve("episodes.csv"), ep);
        StringBuilder st = new StringBuilder("episode,t,state,arrival_rate,ready,booting,utilization,p95_latency_s,dropped,"
                + "action,reward,reward_cost,reward_sla,epsilon\n");
        for (int e : new int[] {0, 39}) {
            for (int t = 0; t < 100; t++) {
                double u = 0.5 + 0.3 * Math.sin(t / 10.0);
                st.append(e).append(',').append(t).append(',').append(t % 17).append(',').append(100 + t).append(',')
                        .append(3 + t / 30).append(',').append(t % 20 == 0 ? 1 : 0).append(',').append(u).append(",0.12,0,")
                        .append(t % 20 == 0 ? 1 : 0).append(',').append(-1 - u).append(",-1,").append(-u).append(",0.1\n");
            }
        }
        Files.writeString(train.resolve("steps.csv"), st);

        Path cmp = Files.createDirectories(dir.resolve("compare-diurnal"));
        Files.writeString(cmp.resolve("comparison.json"), """
                {"trace":"diurnal","steps":1440,"step_seconds":60,"seeds":3,"policies":[
                 {"name":"static","cost_usd":30.0,"savings_vs_static_pct":0,"sla_compliance_pct":99.9,"p95_latency_ms":80,
                  "dropped_requests":0,"scaling_actions":1,"mean_utilization":0.41,"ci95":{"cost_usd":0.0},
                  "per_seed":[{"seed":1,"cost_usd":30.0,"sla_compliance_pct":99.9},{"seed":2,"cost_usd":30.0,"sla_compliance_pct":99.8}]},
                 {"name":"threshold","cost_usd":18.2,"savings_vs_static_pct":39.3,"sla_compliance_pct":96.1,"p95_latency_ms":160,
                  "dropped_requests":3,"scaling_actions":80,"mean_utilization":0.63,"ci95":{"cost_usd":0.4},
                  "per_seed":[{"seed":1,"cost_usd":18.0,"sla_compliance_pct":96.5},{"seed":2,"cost_usd":18.4,"sla_compliance_pct":95.7}]}]}
                """);

        Path demo = Files.createDirectories(dir.resolve("demo-nasa"));
        Files.writeString(demo.resolve("spec.json"), "{\"agent\":\"q-learning\",\"seed\":42,\"episodes\":150}");
        Files.writeString(demo.resolve("summary.json"), "{\"episodes\":150,\"steps\":216000,\"mean_return_last_50\":-3.25}");
        Files.writeString(demo.resolve("provenance.json"), "{\"scalewise_version\":\"0.1.0-SNAPSHOT\",\"seed\":42}");
        Files.writeString(demo.resolve("comparison.json"), """
                {"trace":"nasa-http-1995","steps":1440,"step_seconds":60,"seeds":[1,2],"slo_ms":250,"policies":[
                 {"name":"static","cost_usd":2.4,"savings_vs_static_pct":0,"sla_compliance_pct":100,"regret_vs_oracle_pct":90.5,
                  "flaps":0,"p95_latency_ms":60,"ci95":{"cost_usd":0.0,"sla_compliance_pct":0.0}},
                 {"name":"hpa","cost_usd":1.6,"savings_vs_static_pct":33.3,"sla_compliance_pct":99.2,"regret_vs_oracle_pct":27.0,
                  "flaps":6,"p95_latency_ms":140,"ci95":{"cost_usd":0.1,"sla_compliance_pct":0.3}},
                 {"name":"oracle","cost_usd":1.26,"savings_vs_static_pct":47.5,"sla_compliance_pct":100,"regret_vs_oracle_pct":0,
                  "flaps":2,"p95_latency_ms":120,"ci95":{"cost_usd":0.02,"sla_compliance_pct":0.0}},
                 {"name":"agent","cost_usd":1.4,"total_cost_usd":1.9,"savings_vs_static_pct":41.7,"sla_compliance_pct":99.95,"regret_vs_oracle_pct":11.1,
                  "flaps":3,"p95_latency_ms":130,"ci95":{"cost_usd":0.05,"sla_compliance_pct":0.04}}]}
                """);
        Files.writeString(demo.resolve("report.md"), """
                # Scalewise demo

                - Trace: nasa-http-1995, **held-out** steps 0..1440.
                - Raw HTML stays text: <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>

                | policy | cost $ | SLA % steps |
                |---|---:|---:|
                | static | 2.40 | 100.00 |
                | agent | 1.40 ± 0.05 | 99.95 |

                ```
                  MET  SLA compliance 99.95% of steps (target >= 99.9%)
                ```
                """);
        writePng(demo.resolve("cumulative_cost.png"), 0x1f77b4);
        writePng(demo.resolve("p95_latency.png"), 0xd62728);

        Path ex = Files.createDirectories(dir.resolve("explain-q7"));
        Files.writeString(ex.resolve("summary.json"), "{\"agent\":\"q-learning\"}");
        StringBuilder d = new StringBuilder("{\"format\":\"scalewise-explanations\",\"version\":1,\"policy\":\"agent:train-q7\","
                + "\"decisions\":[");
        for (int s = 0; s < 12; s++) {
            String a = s % 3 == 0 ? "+1" : s % 3 == 1 ? "0" : "-1";
            d.append(s == 0 ? "" : ",").append("{\"step\":").append(s * 10).append(",\"state\":\"util<=0.8, n=").append(3 + s % 4)
                    .append(", trend up\",\"q_values\":{\"-1\":-3.2,\"0\":-2.9,\"+1\":-2.5},\"action\":\"").append(a)
                    .append("\",\"margin\":0.4,\"counterfactuals\":[{\"action\":\"0\",\"delta_cost_usd\":-0.02,"
                            + "\"delta_sla_violations\":3,\"delta_p95_latency_ms\":120.5}],\"narrative\":\"Step ")
                    .append(s * 10).append(": utilization was rising towards the SLO, so the agent chose ").append(a)
                    .append("; holding would have saved $0.02 but missed the SLA 3 times.\"}");
        }
        for (int step : new int[] {51, 52}) { // a burst right after step 50: one episode with it
            // step 52: a residual agent's margin chosen, its scale-down held back by the stabilization window
            String held = step == 52 ? "\"chosen\":\"beta=0.53\",\"chosen_delta\":-2,\"held_back\":{\"steps\":3,"
                    + "\"window\":10},\"q_values\":{\"0\":-3.2,\"beta=0.53\":-2.5,\"beta=0.80 (mpc)\":-2.9},"
                    + "\"action\":\"0\"," : "\"q_values\":{\"-1\":-3.2,\"0\":-2.9,\"+1\":-2.5},\"action\":\"+1\",";
            d.append(",{\"step\":").append(step).append(",\"state\":{\"utilization\":0.91234,\"ready\":5,\"note\":\"")
                    .append("x".repeat(400)).append("\"},").append(held)
                    .append("\"margin\":0.4,\"counterfactuals\":[],\"narrative\":\"Step ")
                    .append(step).append(": still rising.\"}");
        }
        Files.writeString(ex.resolve("explanations.json"), d.append("]}"));

        Path fc = Files.createDirectories(dir.resolve("forecast-nasa"));
        Files.writeString(fc.resolve("summary.json"), "{\"trace\":\"nasa-http-1995\"}");
        StringBuilder actual = new StringBuilder();
        StringBuilder naive = new StringBuilder();
        StringBuilder hw = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            double v = 100 + 40 * Math.sin(i / 15.0);
            actual.append(i == 0 ? "" : ",").append(v);
            naive.append(i == 0 ? "null" : "," + (100 + 40 * Math.sin((i - 1) / 15.0)));
            hw.append(i == 0 ? "" : ",").append(v + 5 * Math.cos(i / 7.0));
        }
        Files.writeString(fc.resolve("forecasts.json"), "{\"trace\":\"nasa-http-1995\",\"step_seconds\":60,\"horizon_steps\":1,"
                + "\"actual\":[" + actual + "],\"models\":[{\"name\":\"naive\",\"forecast\":[" + naive + "],\"mae\":4.1,"
                + "\"rmse\":4.8,\"smape_pct\":4.0,\"mase\":1.0},{\"name\":\"holt-winters\",\"forecast\":[" + hw
                + "],\"mae\":3.2,\"rmse\":3.5,\"smape_pct\":3.1,\"mase\":0.78}]}");
        explainedSpike(Files.createDirectories(dir.resolve("explain-spike")));
        sweep(dir.resolve("sweep-tiny"));
        shadow(Files.createDirectories(dir.resolve("shadow-shop")));
        return dir;
    }

    /**
     * explanations.json written by the real pipeline ({@code Explainer.document}): a threshold rule on a 90-step
     * trace with a spike from step 30 to 60 (80 then 150 req/s, 20 req/s per instance, 60 s boot, no Poisson noise),
     * its 4 most consequential decisions with counterfactual trajectories over 15 steps, and the episode's timeline.
     */
    static void explainedSpike(Path dir) throws IOException {
        double[] rates = new double[90];
        for (int t = 0; t < rates.length; t++) {
            rates[t] = t >= 30 && t < 60 ? 150 : 80;
        }
        dev.scalewise.env.EnvConfig cfg = dev.scalewise.env.EnvConfig.defaults().withPoissonArrivals(false)
                .withCluster(dev.scalewise.cluster.ClusterConfig.defaults().withBootDelaySeconds(60).withBounds(1, 20, 5));
        dev.scalewise.env.AutoscaleEnv env = new dev.scalewise.env.AutoscaleEnv(cfg, dev.scalewise.workload.Workload
                .fixed(new dev.scalewise.workload.Trace("spike", 60, rates)), dev.scalewise.reward.CostSlaReward.defaults());
        dev.scalewise.explain.Explainer ex = new dev.scalewise.explain.Explainer(env,
                () -> new dev.scalewise.policy.ThresholdPolicy(0.85, 0.4, 1, 0), 15);
        dev.scalewise.explain.Explainer.Episode ep = ex.run(1);
        java.util.Map<String, Object> doc = dev.scalewise.explain.Explainer.document(ep, 1, 15, ex.top(ep, 4),
                new dev.scalewise.explain.ExplainedScenario("spike", 0, 90, 60, 90, 1, 1, "a constructed spike"));
        Files.writeString(dir.resolve("explanations.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(doc));
    }

    /** The tiny sweep's spec: 2 agents x 2 learning rates, one training seed, 4 cells of a few short episodes. */
    static final String SWEEP = """
            name: tiny
            fixed:
              episodes: 3
              workload.steps: 120
              workload.periodSteps: 120
            grid:
              agent: [q-learning, sarsa]
              alpha: [0.1, 0.5]
            training_seeds: [1]
            evaluation: {seeds: [11]}
            objective: min cost_usd subject to sla_compliance_pct >= 50
            """;

    /** A sweep folder written by the real local sweep engine ({@code SweepRun.execute}) on {@link #SWEEP}. */
    static void sweep(Path dir) throws IOException {
        dev.scalewise.sweep.SweepSpec spec = dev.scalewise.sweep.SweepSpec.parse(SWEEP, false);
        java.util.List<dev.scalewise.sweep.SweepCell> cells = spec.cells(n -> null);
        try (dev.scalewise.sweep.LocalEngine engine = new dev.scalewise.sweep.LocalEngine(1,
                new dev.scalewise.sweep.CellRunner(dev.scalewise.sweep.TraceSource.NONE))) {
            dev.scalewise.sweep.SweepRun.execute(spec, cells, engine, dir,
                    (total, done) -> dev.scalewise.sweep.ProgressListener.NONE, 0);
        }
    }

    /**
     * A {@code shadow} run folder in the format {@code Shadow.write} (scalewise-serve) writes: shadow.csv (time, rate,
     * the cluster's replicas, each policy's) over 24 intervals of 60 s, and shadow.json with the comparison computed
     * as Shadow does (replica-hours x price; SLA met when the M/M/c p95 meets the objective, ErlangC).
     */
    static void shadow(Path dir) throws IOException {
        double step = 60;
        double mu = 20;
        double slo = 0.25;
        double price = 0.10;
        String[] names = {"actual", "hpa", "agent:demo"};
        StringBuilder csv = new StringBuilder("time,rate,actual,hpa,agent:demo\n");
        double[] sum = new double[3];
        int[] met = new int[3];
        int n = 24;
        for (int i = 0; i < n; i++) {
            double rate = 100 + 60 * Math.sin(i / 4.0);
            int[] r = {10, (int) Math.ceil(rate / (0.7 * mu)), (int) Math.ceil(rate / (0.8 * mu)) + (i % 5 == 0 ? 1 : 0)};
            csv.append(String.format(java.util.Locale.ROOT, "%d,%.6f,%d,%d,%d%n", 1_764_633_600L + (long) (i * step),
                    rate, r[0], r[1], r[2]));
            for (int k = 0; k < 3; k++) {
                sum[k] += r[k];
                boolean ok = rate < r[k] * mu && dev.scalewise.queue.ErlangC.responseQuantile(r[k], rate, mu, 0.95) <= slo;
                met[k] += ok ? 1 : 0;
            }
        }
        StringBuilder cmp = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            double hours = sum[k] * step / 3600;
            cmp.append(k == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "{\"name\":\"%s\",\"mean_replicas\":%s,"
                    + "\"replica_hours\":%s,\"cost_usd\":%s,\"sla_met_fraction\":%s}", names[k], sum[k] / n, hours,
                    hours * price, (double) met[k] / n));
        }
        Files.writeString(dir.resolve("shadow.csv"), csv);
        Files.writeString(dir.resolve("shadow.json"), "{\"scaled_object\":\"shop/checkout\",\"step_seconds\":60.0,"
                + "\"service_rate\":20.0,\"slo_seconds\":0.25,\"price_per_hour\":0.1,\"intervals\":" + n
                + ",\"skipped_intervals\":2,\"comparison\":[" + cmp + "]}");
    }

    /** A small real PNG (a filled rectangle) at {@code file}. */
    static void writePng(Path file, int rgb) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(320, 200,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 320, 200);
        g.setColor(new java.awt.Color(rgb));
        g.fillRect(20, 20, 280, 160);
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }
}

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
            d.append(",{\"step\":").append(step).append(",\"state\":{\"utilization\":0.91234,\"ready\":5,\"note\":\"")
                    .append("x".repeat(400)).append("\"},\"q_values\":{\"-1\":-3.2,\"0\":-2.9,\"+1\":-2.5},")
                    .append("\"action\":\"+1\",\"margin\":0.4,\"counterfactuals\":[],\"narrative\":\"Step ")
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
        return dir;
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

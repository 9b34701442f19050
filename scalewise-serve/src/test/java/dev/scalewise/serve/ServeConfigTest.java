package dev.scalewise.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeConfigTest {

    @Test
    void fileOverridesOnlyWhatItNames(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("scaler.yaml");
        Files.writeString(f, "prometheus:\n  url: http://127.0.0.1:9091\nservice:\n  serviceRate: 25\nguard:\n  maxStep: 2\n");
        ServeConfig c = ServeConfig.load(f);
        assertThat(c.prometheus().url()).isEqualTo("http://127.0.0.1:9091");
        assertThat(c.service().serviceRate()).isEqualTo(25.0);
        assertThat(c.service().stepSeconds()).isEqualTo(30.0);
        assertThat(c.guard().maxStep()).isEqualTo(2);
        assertThat(c.guard().maxReplicas()).isEqualTo(20);
        assertThat(c.queries().readyReplicas()).contains("kube_deployment_status_replicas_ready");
        assertThat(c.env().spec().serviceRate()).isEqualTo(25.0);
        assertThat(c.env().spec().maxInstances()).isEqualTo(20);
    }

    @Test
    void badFieldsNameFileLineAndReason(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "service:\n  serviceRate: 10\n  sevriceRate: 3\n");
        assertThatThrownBy(() -> ServeConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + ": service.sevriceRate: ").hasMessageContaining("Unrecognized field");
        Files.writeString(f, "guard:\n  minReplicas: 5\n  maxReplicas: 3\n");
        assertThatThrownBy(() -> ServeConfig.load(f)).hasMessageStartingWith(f.toString())
                .hasMessageContaining("minReplicas <= maxReplicas");
        Files.writeString(f, "service:\n  serviceRate: -1\n");
        assertThatThrownBy(() -> ServeConfig.load(f)).hasMessageContaining("service.serviceRate must be a positive number");
        assertThatThrownBy(() -> ServeConfig.load(dir.resolve("none.yaml"))).hasMessageContaining("no such file");
    }

    @Test
    void hpaComputesExactlyTheDesiredCountOutsideItsTolerance() {
        for (int current = 1; current <= 50; current++) {
            for (int desired = 1; desired <= 60; desired++) {
                long v = HpaArithmetic.metricValue(desired, 1000);
                assertThat(HpaArithmetic.hpaReplicas(v, 1000, current, 0.0)).isEqualTo(desired);
                int withDefault = HpaArithmetic.hpaReplicas(v, 1000, current, 0.1);
                assertThat(withDefault).isIn(current, desired);
            }
        }
        // the default 10% band holds small changes: 20 -> 21 (ratio 1.05), 10 -> 9 (0.9 in binary floating point,
        // 1 - 0.9 = 0.0999... <= 0.1); 10 -> 11 scales (1.1 - 1 = 0.1000...09 > 0.1, as in Kubernetes' float64)
        assertThat(HpaArithmetic.hpaReplicas(21_000, 1000, 20, 0.1)).isEqualTo(20);
        assertThat(HpaArithmetic.hpaReplicas(9_000, 1000, 10, 0.1)).isEqualTo(10);
        assertThat(HpaArithmetic.hpaReplicas(11_000, 1000, 10, 0.1)).isEqualTo(11);
        assertThat(HpaArithmetic.hpaReplicas(12_000, 1000, 10, 0.1)).isEqualTo(12);
    }

    @Test
    void rangesAndTargetsAreChecked() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        TimeRange r = TimeRange.parse("now-24h..now", now);
        assertThat(r.start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(TimeRange.parse("1796000000..2026-12-01T00:00:00Z", now).start().getEpochSecond()).isEqualTo(1796000000L);
        assertThatThrownBy(() -> TimeRange.parse("now..now-1h", now)).hasMessageContaining("must be after");
        assertThatThrownBy(() -> TimeRange.parse("yesterday..now", now)).hasMessageContaining("'yesterday' is not");
        ScaledTarget t = new ScaledTarget("shop", "web", Map.of("service", "web-svc"));
        assertThat(t.fill("up{ns=\"$namespace\",svc=\"$service\",d=\"$deployment\"}"))
                .isEqualTo("up{ns=\"shop\",svc=\"web-svc\",d=\"web\"}");
        assertThatThrownBy(() -> t.fill("up{x=\"$cluster\"}")).hasMessageContaining("$cluster");
    }
}

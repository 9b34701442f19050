package dev.scalewise.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterTest {

    @ParameterizedTest(name = "boot {0} s, dt {1} s")
    @CsvSource({"0, 60", "30, 60", "60, 60", "61, 60", "120, 60", "300, 60", "45, 15", "100, 7"})
    void launchServesFromCeilBootOverDtAndIsBilledFromTheRequest(double boot, double dt) {
        ClusterConfig cfg = new ClusterConfig(1, 10, 1, boot, 3.6, 0);
        Cluster cluster = new Cluster(cfg, dt);
        int k = (int) Math.ceil(boot / dt);
        int requestStep = 3;
        for (int t = 0; t < requestStep + k + 3; t++) {
            if (t == requestStep) {
                assertThat(cluster.scale(+1)).isEqualTo(1);
            }
            cluster.promote();
            int expectedReady = t >= requestStep + k ? 2 : 1;
            assertThat(cluster.ready()).as("ready at step %d", t).isEqualTo(expectedReady);
            double cost = cluster.bill(dt);
            int billed = t >= requestStep ? 2 : 1;
            // $3.6 per hour = $0.001 per second.
            assertThat(cost).as("cost at step %d", t).isCloseTo(billed * dt * 0.001, within(1e-12));
        }
    }

    @Test
    void boundsAreClampedAndReported() {
        Cluster c = new Cluster(new ClusterConfig(2, 5, 3, 0, 1, 0), 60);
        assertThat(c.scale(+10)).isEqualTo(2);
        assertThat(c.lastClamp()).isEqualTo(Clamp.MAX);
        assertThat(c.scale(-10)).isEqualTo(-3);
        assertThat(c.lastClamp()).isEqualTo(Clamp.MIN);
        assertThat(c.scale(1)).isEqualTo(1);
        assertThat(c.lastClamp()).isEqualTo(Clamp.NONE);
    }

    @Test
    void scaleDownCancelsBootingFirst() {
        Cluster c = new Cluster(new ClusterConfig(1, 10, 2, 180, 1, 0), 60);
        c.scale(+3);
        c.promote();
        c.bill(60);
        assertThat(c.booting()).isEqualTo(3);
        c.scale(-2);
        assertThat(c.booting()).isEqualTo(1);
        assertThat(c.ready()).isEqualTo(2);
        c.scale(-2);
        assertThat(c.booting()).isZero();
        assertThat(c.ready()).isEqualTo(1);
    }

    @Test
    void minimumBilledSecondsChargesShortLivedInstances() {
        // dt 10 s, minimum 60 s, $3.6/h = $0.001/s. Launch 1, remove it 2 steps later: billed 20 s + 40 s remainder.
        Cluster c = new Cluster(new ClusterConfig(1, 10, 1, 0, 3.6, 60), 10);
        double total = 0;
        c.scale(+1);
        c.promote();
        total += c.bill(10);
        c.promote();
        total += c.bill(10);
        c.scale(-1);
        c.promote();
        total += c.bill(10);
        // base instance: 30 s; launched instance: 20 s used + 40 s minimum remainder.
        assertThat(total).isCloseTo((30 + 20 + 40) * 0.001, within(1e-12));
    }

    @Test
    void invalidConfigurationNamesFieldAndValue() {
        assertThatThrownBy(() -> new ClusterConfig(3, 2, 3, 0, 1, 0)).hasMessageContaining("maxInstances").hasMessageContaining("2");
        assertThatThrownBy(() -> new ClusterConfig(-1, 2, 1, 0, 1, 0)).hasMessageContaining("minInstances").hasMessageContaining("-1");
        assertThatThrownBy(() -> new ClusterConfig(1, 2, 1, -5, 1, 0)).hasMessageContaining("bootDelaySeconds").hasMessageContaining("-5");
        assertThatThrownBy(() -> new ClusterConfig(1, 2, 1, 0, Double.NaN, 0)).hasMessageContaining("pricePerHour").hasMessageContaining("NaN");
        assertThatThrownBy(() -> new ClusterConfig(1, 2, 5, 0, 1, 0)).hasMessageContaining("initialInstances");
    }
}

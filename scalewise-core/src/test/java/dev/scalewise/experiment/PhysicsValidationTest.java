package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.queue.HybridQueueModel;
import dev.scalewise.queue.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #12's "must show" for the fast model against the request-level simulation, on a reduced set of its
 * scenarios (few replications; the full set is {@code ./scalewise validate-physics}, docs/physics-validation.md).
 */
class PhysicsValidationTest {

    @Test
    void fastModelTracksTheRequestLevelSimulationInEveryRegime() {
        double mu = 20;
        List<PhysicsValidation.Scenario> s = new ArrayList<>();
        for (double rho : new double[] {0.5, 0.8, 0.95}) {
            s.add(PhysicsValidation.stationary("steady, rho <= 0.95", 5, rho, 4, 60, mu, 40));
        }
        s.add(PhysicsValidation.stationary("steady, rho <= 0.95", 50, 0.9, 3, 60, mu, 4));
        s.add(PhysicsValidation.stationary("rho >= 0.97, stable", 5, 0.97, 4, 60, mu, 40));
        s.add(PhysicsValidation.stationary("rho >= 0.99, c = 5", 5, 0.99, 4, 60, mu, 40));
        s.add(PhysicsValidation.stationary("rho >= 0.99, c = 5", 5, 1.0, 4, 60, mu, 40));
        s.add(PhysicsValidation.stationary("rho >= 0.99, c = 50", 50, 1.0, 4, 60, mu, 20));
        s.add(PhysicsValidation.phases("step", 10, mu, 60, 5000, 10, new double[][] {{0.7, 2}, {1.3, 3}, {0.7, 3}},
                new String[] {"steady, rho <= 0.95", "overload", "after drain"}, "drain step"));
        // The drain step's DES p95 varies a lot between replications (it depends on whether the 5% slowest are
        // the few thousand drainers), so its mean needs ~100 of them to resolve a 15% bar.
        s.add(PhysicsValidation.phases("blip", 50, mu, 60, 5000, 100, new double[][] {{0.8, 1}, {1.005, 1}, {0.8, 1}},
                new String[] {"steady, rho <= 0.95", "rho >= 0.99, c = 50", "blip drain step"}, "blip drain step"));
        s.add(PhysicsValidation.phases("queue limit", 10, mu, 60, 10, 10, new double[][] {{0.95, 2}, {1.3, 2}, {0.7, 2}},
                new String[] {"queue limit 10", "queue limit 10", "queue limit 10"}, null));
        s.add(PhysicsValidation.stationary("dt = 1 s", 50, 0.95, 120, 1, mu, 4));
        List<PhysicsValidation.Row> rows = PhysicsValidation.run(s, 0.25, 12);
        assertThat(rows).extracting(PhysicsValidation.Row::regime).contains("steady, rho <= 0.95", "rho >= 0.97, stable",
                "rho >= 0.99, c = 5", "rho >= 0.99, c = 50", "overload", "drain step", "after drain", "blip drain step", "queue limit 10", "dt = 1 s",
                "all steps");
        for (PhysicsValidation.Row r : rows) {
            assertThat(r.disagreementPct()).as("SLA disagreement in %s (floor %s)", r.regime(), r.floorPct())
                    .isLessThanOrEqualTo(r.floorPct() + 2);
            // Issue #12: p95 within 15%, 30% at rho >= 0.99 (the blip step itself is at rho = 1.005).
            double limit = r.regime().startsWith("rho >= 0.99") ? 30 : 15;
            assertThat(r.p95ErrorPct()).as("p95 error in %s", r.regime()).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void noCliffAtRhoOne() {
        HybridQueueModel q = new HybridQueueModel(5000);
        for (int c : new int[] {5, 50}) {
            double atOne = q.serve(c * 20.0, 20, c, 0, 60).p95();
            for (double eps : new double[] {-1e-9, 1e-9}) {
                StepOutcome o = q.serve(c * 20.0 * (1 + eps), 20, c, 0, 60);
                assertThat(o.p95()).isCloseTo(atOne, org.assertj.core.api.Assertions.within(0.03 * atOne));
            }
            // and it is a real queue, far above the bare service time's 150 ms
            assertThat(atOne).isGreaterThan(0.3);
            // with a backlog carried over, the next step at rho = 1 is slower still
            StepOutcome first = q.serve(c * 20.0, 20, c, 0, 60);
            assertThat(q.serve(c * 20.0, 20, c, first.backlogAfter(), 60).p95()).isGreaterThan(first.p95());
        }
    }
}

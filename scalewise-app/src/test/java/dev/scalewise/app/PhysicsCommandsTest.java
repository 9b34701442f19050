package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --physics des} on simulate and compare, and {@code validate-physics} at a tiny budget. */
class PhysicsCommandsTest {

    @Test
    void simulateAndCompareRecordThePhysics() {
        String sim = CliTest.runOk("simulate", "--physics", "des", "--policy", "threshold", "--workload", "step",
                "--json", "-");
        assertThat(sim).contains("\"physics\" : \"des\"");
        String cmp = CliTest.runOk("compare", "--physics", "des", "--steps", "30", "--history-steps", "30", "--seeds",
                "1", "--policies", "static,hpa,oracle", "--json", "-");
        assertThat(cmp).contains("\"physics\" : \"des\"", "\"arrivals_verified_identical\" : true");
    }

    @Test
    void badPhysicsIsAOneLineError() {
        CliTest.Result r = CliTest.run("simulate", "--physics", "exact");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--physics must be 'fast' or 'des', got 'exact'");
    }

    @Test
    void validatePhysicsPrintsTheTablePerRegime() {
        String md = CliTest.runOk("validate-physics", "--trace", "none", "--replications", "0.05");
        assertThat(md).contains("| regime |", "| steady, rho <= 0.95 |", "| rho = 1.00, c = 5 |", "| drain step |",
                "| all steps |");
        CliTest.Result bad = CliTest.run("validate-physics", "--replications", "0");
        assertThat(bad.err()).contains("--replications must be in (0, 100], got 0");
    }
}

package dev.scalewise.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import org.junit.jupiter.api.Test;

class NeedTableTest {

    @Test
    void tableOfASpecIsTheTableOfItsConfigWhateverWasAskedBefore() {
        // of(EnvSpec) remembers its last answer: alternating specs must still get each spec's own table
        EnvSpec a = new EnvSpec(60, 20, 0.25, 1, 50, 120, 0.1);
        EnvSpec b = new EnvSpec(60, 24, 0.25, 1, 50, 120, 0.1);
        EnvSpec c = new EnvSpec(30, 20, 0.5, 2, 20, 0, 0.2);
        for (int round = 0; round < 3; round++) {
            for (EnvSpec s : new EnvSpec[] {a, a, b, c, a}) {
                NeedTable expected = NeedTable.of(EnvConfig.defaults().withStepSeconds(s.stepSeconds())
                        .withServiceRate(s.serviceRate()).withSloSeconds(s.sloSeconds()));
                assertThat(NeedTable.of(s)).isSameAs(expected);
            }
        }
        assertThat(NeedTable.of(a)).isNotSameAs(NeedTable.of(b));
        assertThat(NeedTable.of(a).need(95)).isEqualTo(Oracle.requiredInstances(95, EnvConfig.defaults()
                .withStepSeconds(60).withServiceRate(20).withSloSeconds(0.25)));
    }

    @Test
    void needAtExactMultiplesOfTheServiceRateIsTheOraclesAskedAgainOrNot() {
        // at exact multiples of mu the table answers from Oracle.requiredInstances, remembered by the rate's bits:
        // every answer (first, repeated, and after others) equals the oracle's, as do the neighbouring doubles'
        EnvConfig cfg = EnvConfig.defaults().withStepSeconds(60).withServiceRate(20).withSloSeconds(0.25);
        NeedTable t = NeedTable.of(cfg);
        for (int round = 0; round < 2; round++) {
            for (int u = 0; u <= 400; u += 7) {
                double rate = 20.0 * u;
                for (double r : new double[] {rate, Math.nextUp(rate), Math.nextDown(Math.max(rate, Double.MIN_VALUE))}) {
                    assertThat(t.need(r)).as("rate %s, round %d", r, round).isEqualTo(Oracle.requiredInstances(r, cfg));
                }
            }
        }
        assertThat(t.need(2000.0)).isGreaterThanOrEqualTo(100);
    }
}

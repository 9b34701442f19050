package dev.scalewise.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepSpecTest {
    private static final SweepSpec.WorkloadCheck ANY = name -> null;

    private static List<SweepCell> cells(String yaml) {
        return SweepSpec.parse(yaml, false).cells(ANY);
    }

    @Test
    void gridTimesRandomTimesSeedsExpandsInOrderWithStableIds() {
        String yaml = """
                name: t
                fixed: {episodes: 3}
                grid:
                  agent: [q-learning, sarsa]
                  alpha: [0.1, 0.5]
                random:
                  samples: 3
                  seed: 7
                  params:
                    gamma: {min: 0.9, max: 0.99}
                    reward.slaViolationUsd: {min: 0.1, max: 10, log: true}
                training_seeds: [1, 2]
                """;
        List<SweepCell> cells = cells(yaml);
        assertThat(cells).hasSize(2 * 2 * 3 * 2);
        assertThat(cells.get(0).params()).containsEntry("agent", "q-learning").containsEntry("alpha", 0.1)
                .containsEntry("episodes", 3);
        assertThat(cells.get(0).configId()).isEqualTo(cells.get(1).configId());
        assertThat(cells.get(0).id()).isNotEqualTo(cells.get(1).id());
        for (SweepCell c : cells) {
            double g = (Double) c.params().get("gamma");
            assertThat(g).isBetween(0.9, 0.99);
            assertThat((Double) c.params().get("reward.slaViolationUsd")).isBetween(0.1, 10.0);
        }
        assertThat(cells(yaml)).isEqualTo(cells);
        SweepCell round = SweepCell.fromJson(cells.get(5).toJson());
        assertThat(round).isEqualTo(cells.get(5));
    }

    @Test
    void unknownParameterFailsWithItsPath() {
        assertThatThrownBy(() -> cells("grid: {alpah: [0.1]}"))
                .isInstanceOf(SweepSpecException.class)
                .hasMessageContaining("grid.alpah: unknown parameter 'alpah'");
        assertThatThrownBy(() -> cells("grid: {reward.nope: [1.0]}"))
                .hasMessageContaining("reward 'cost-sla' has no weight 'nope'");
        assertThatThrownBy(() -> cells("grdi: {alpha: [0.1]}"))
                .hasMessageContaining("grdi: unknown field 'grdi'");
    }

    @Test
    void emptyGridFails() {
        assertThatThrownBy(() -> cells("grid: {alpha: []}"))
                .hasMessageContaining("grid.alpha: empty grid");
        assertThatThrownBy(() -> cells("grid: {}"))
                .hasMessageContaining("grid: empty grid");
    }

    @Test
    void badValuesAndRangesFailWithPathAndValue() {
        assertThatThrownBy(() -> cells("grid: {alpha: [0.1, 0.5, 1.5]}"))
                .hasMessageContaining("grid.alpha[2]: must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> cells("random: {samples: 2, seed: 1, params: {gamma: {min: 0.99, max: 0.5}}}"))
                .hasMessageContaining("random.params.gamma: bad range: min 0.99 must be <= max 0.5");
        assertThatThrownBy(() -> cells("random: {samples: 2, seed: 1, params: {alpha: {min: 0, max: 0.5, log: true}}}"))
                .hasMessageContaining("random.params.alpha: bad range: log needs min > 0");
        assertThatThrownBy(() -> cells("objective: min money"))
                .hasMessageContaining("objective: unknown metric 'money'");
        assertThatThrownBy(() -> SweepSpec.parse("grid: {workload: [nowhere]}", false)
                .cells(n -> "no such trace")).hasMessageContaining("workload 'nowhere': no such trace");
    }

    @Test
    void objectiveParses() {
        Objective o = Objective.parse("min cost_usd subject to sla_compliance_pct >= 99.9 and flaps < 5");
        assertThat(o.minimize()).isTrue();
        assertThat(o.constraints()).hasSize(2);
        assertThat(o.constraints().get(0).test(99.95)).isTrue();
        assertThat(o.constraints().get(0).test(99.8)).isFalse();
    }
}

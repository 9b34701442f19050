package dev.scalewise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.DefaultEncoder;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.QTable;
import dev.scalewise.agent.StateEncoder;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyMapTest {

    @Test
    void eachCellIsTheGreedyActionAndMaxQOfItsEncodedState() {
        StateEncoder enc = dev.scalewise.experiment.TrainSpec.defaults().newEncoder();
        ActionSet actions = ActionSet.unit();
        double[] v = new double[enc.size() * actions.size()];
        for (int s = 0; s < enc.size(); s++) {
            v[s * 3 + 2] = s % 2 == 0 ? 1.0 : -1.0; // +1 best in even states, hold best in odd states
        }
        GreedyPolicy p = new GreedyPolicy("test", QTable.of(enc.size(), 3, v), actions, enc);
        EnvSpec spec = EnvConfig.defaults().spec();
        double[] us = PolicyMap.range(0, 1.2, 0.1);
        assertThat(us).hasSize(13).contains(0.3, 1.2);
        List<PolicyMap.Cell> cells = PolicyMap.compute(p, spec, us, new int[] {1, 5, 10}, PolicyMap.Fixed.steady());
        assertThat(cells).hasSize(39);
        for (PolicyMap.Cell c : cells) {
            double rate = c.utilization() * c.instances() * spec.serviceRate();
            int s = enc.encode(new Observation(0, rate, rate, c.instances(), 0, c.utilization(), 0, 0, 0,
                    spec.serviceRate(), rate), spec);
            assertThat(c.state()).isEqualTo(s);
            assertThat(c.action()).isEqualTo(s % 2 == 0 ? 1 : 0);
            assertThat(c.maxQ()).isEqualTo(s % 2 == 0 ? 1.0 : 0.0);
        }
        String csv = PolicyMap.csv(cells);
        assertThat(csv).startsWith("utilization,instances,state,action,max_q\n");
        assertThat(csv.lines()).hasSize(40);
    }
}

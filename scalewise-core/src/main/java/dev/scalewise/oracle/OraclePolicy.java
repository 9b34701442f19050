package dev.scalewise.oracle;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.policy.Policy;

/** Replays an {@link OracleSchedule}: before step t, requests the difference to the planned capacity. */
public final class OraclePolicy implements Policy {
    private final OracleSchedule schedule;

    public OraclePolicy(OracleSchedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    }

    public OracleSchedule schedule() {
        return schedule;
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public void reset(EnvSpec spec) {
    }

    @Override
    public int act(Observation o) {
        int t = o.step();
        if (t >= schedule.length()) {
            return 0;
        }
        return schedule.capacityAt(t) - o.instances();
    }
}

package dev.scalewise.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The training loop's fast path reads the observation after a step from the {@link StepBuffer} instead of making
 * the {@link Observation} record ({@link StateEncoder#encodeNext}, {@link ActionSet#deltaAfter},
 * {@link ActionSet.Executor#deltaAfter}): every state and delta must equal the record's, for every encoder and
 * action set the presets use.
 */
class StepBufferReadingTest {

    /** A buffer holding a random step: rates, instances, backlog and service rate over wide ranges. */
    private static void randomStep(SplittableRandom r, StepBuffer b) {
        double scale = Math.pow(10, r.nextDouble(-1, 4));
        b.step = r.nextInt(0, 2000);
        b.arrivalRate = r.nextInt(10) == 0 ? 0 : scale * r.nextDouble();
        b.previousArrivalRate = r.nextInt(10) == 0 ? 0 : scale * r.nextDouble();
        b.forecastRate = r.nextInt(5) == 0 ? b.arrivalRate : scale * r.nextDouble(0, 1.5);
        b.serviceRate = r.nextInt(3) == 0 ? 20 : r.nextDouble(0.5, 200);
        b.ready = r.nextInt(0, 400);
        b.booting = r.nextInt(0, 20);
        b.readyAfter = r.nextInt(8) == 0 ? 0 : r.nextInt(0, 400);
        b.bootingAfter = r.nextInt(3) == 0 ? 0 : r.nextInt(0, 30);
        b.utilization = r.nextDouble(0, 2);
        b.p95 = r.nextDouble(0, 3);
        b.backlog = r.nextInt(3) == 0 ? 0 : scale * r.nextDouble(0, 100);
        b.dropped = r.nextInt(4) == 0 ? 0 : r.nextDouble(0, 1000);
    }

    private static EnvSpec randomSpec(SplittableRandom r) {
        double[] steps = {15, 30, 60, 120};
        return new EnvSpec(steps[r.nextInt(steps.length)], 20, r.nextInt(2) == 0 ? 0.25 : 0.5, 1, 5000, 120, 0.1);
    }

    @Test
    void encodeNextEqualsEncodingTheBuffersObservation() {
        List<StateEncoder> encoders = List.of(ScaleFreeEncoder.defaults(), ScaleFreeEncoder.defaults().withTrendNoiseGate(2),
                ScaleFreeEncoder.defaults().withoutForecastDirection(), DefaultEncoder.defaults());
        SplittableRandom r = new SplittableRandom(18);
        StepBuffer b = new StepBuffer(3);
        int differentStates = 0;
        int previous = -1;
        for (int i = 0; i < 100_000; i++) {
            randomStep(r, b);
            EnvSpec spec = randomSpec(r);
            Observation o = b.observation();
            for (StateEncoder e : encoders) {
                int s = e.encodeNext(b, spec);
                assertThat(s).as("%s at %s", e.definition(), o).isEqualTo(e.encode(o, spec));
                if (e == encoders.get(0) && s != previous) {
                    differentStates++;
                    previous = s;
                }
            }
        }
        assertThat(differentStates).as("the random steps reach many states").isGreaterThan(1000);
    }

    @Test
    void deltaAfterEqualsTheDeltaOnTheBuffersObservationForEveryActionSet() {
        List<ActionSet> sets = List.of(ActionSet.unit(),
                ActionSet.of(List.of(0), List.of(0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0)),
                ActionSet.of(List.of(-1, 0, 1), List.of(0.0, 0.1, 0.25), new ActionSet.Residual(0.1, 5, 0, false)),
                ActionSet.of(List.of(-1, 0, 1), List.of(0.0, 0.1, 0.25), new ActionSet.Residual(0.1, 5, 0, true)),
                ActionSet.of(List.of(0), List.of(0.0, 0.2), new ActionSet.Residual(0.2, 3, 10, false)));
        SplittableRandom r = new SplittableRandom(81);
        StepBuffer b = new StepBuffer(3);
        for (ActionSet set : sets) {
            ActionSet.Executor onRecords = set.executor();
            ActionSet.Executor onBuffer = set.executor();
            int nonZero = 0;
            for (int i = 0; i < 50_000; i++) {
                randomStep(r, b);
                EnvSpec spec = randomSpec(r);
                Observation o = b.observation();
                int a = r.nextInt(set.size());
                int d = set.delta(a, o, spec);
                assertThat(set.deltaAfter(a, b, spec)).as("%s action %d at %s", set, a, o).isEqualTo(d);
                int stabilized = onRecords.delta(a, o, spec);
                assertThat(onBuffer.deltaAfter(a, b, spec)).as("%s executor, action %d at %s", set, a, o)
                        .isEqualTo(stabilized);
                if (d != 0) {
                    nonZero++;
                }
            }
            assertThat(nonZero).as("%s asks for changes", set).isGreaterThan(10_000);
        }
    }
}

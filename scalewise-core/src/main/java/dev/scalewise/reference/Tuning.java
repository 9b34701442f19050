package dev.scalewise.reference;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.Episodes;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.metrics.SlaCredit;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

/**
 * Picks a knob of a reference policy by simulating it on the training part.
 *
 * <ul>
 *   <li>{@link #smallestPassingMargin}: the margins are tried in ascending order and the first whose SLA compliance
 *   reaches the target wins (the cheapest safe margin: a larger margin never costs less); when none does (no
 *   margin makes up for surges faster than the boot delay), the one with the lowest total cost including the SLA
 *   credit ({@link SlaCredit}), the criterion the baselines fall back to as well.</li>
 *   <li>{@link #cheapestPassing}: every candidate is simulated; the one with the lowest bill among those reaching the
 *   target wins; when none does, the one with the lowest total cost including the SLA credit
 *   ({@link SlaCredit}).</li>
 * </ul>
 */
public final class Tuning {
    private Tuning() {
    }

    /** A tuned knob and what it did on the training part. */
    public record Choice(double value, Kpis kpis, boolean passed, int tried) {
    }

    /**
     * The smallest margin (grid ascending) whose compliance reaches {@code targetPct}; when none does, the margin with
     * the lowest total cost including the SLA credit (the first of equals).
     */
    public static Choice smallestPassingMargin(double[] margins, DoubleFunction<Kpis> evaluate, double targetPct,
                                               SlaCredit credit, double stepSeconds) {
        Choice best = null;
        for (int i = 0; i < margins.length; i++) {
            Kpis k = evaluate.apply(margins[i]);
            if (k.slaCompliancePct() + 1e-9 >= targetPct) {
                return new Choice(margins[i], k, true, i + 1);
            }
            if (best == null || credit.totalCost(k, stepSeconds) < credit.totalCost(best.kpis(), stepSeconds)) {
                best = new Choice(margins[i], k, false, margins.length);
            }
        }
        return best;
    }

    /**
     * The candidate with the lowest bill reaching {@code targetPct}; else the lowest total cost with SLA credit.
     * Every candidate is simulated anyway, so they are simulated in parallel ({@link #evaluateAll}; {@code evaluate}
     * must be safe to call from several threads) and chosen in grid order as before.
     */
    public static Choice cheapestPassing(double[] candidates, DoubleFunction<Kpis> evaluate, double targetPct,
                                         SlaCredit credit, double stepSeconds) {
        Kpis[] all = evaluateAll(candidates, evaluate);
        Choice best = null;
        Choice bestFailing = null;
        for (int i = 0; i < candidates.length; i++) {
            double c = candidates[i];
            Kpis k = all[i];
            if (k.slaCompliancePct() + 1e-9 >= targetPct) {
                if (best == null || k.costUsd() < best.kpis().costUsd()) {
                    best = new Choice(c, k, true, candidates.length);
                }
            } else if (bestFailing == null || credit.totalCost(k, stepSeconds)
                    < credit.totalCost(bestFailing.kpis(), stepSeconds)) {
                bestFailing = new Choice(c, k, false, candidates.length);
            }
        }
        return best != null ? best : bestFailing;
    }

    /**
     * {@code evaluate} of every candidate, in the candidates' order, computed on the common fork-join pool (the
     * calling thread and the pool's workers: on a 2-core machine, two simulations at a time). Each evaluation is
     * independent and deterministic, so the results are those of a loop, whatever the threads.
     */
    static Kpis[] evaluateAll(double[] candidates, DoubleFunction<Kpis> evaluate) {
        return java.util.stream.IntStream.range(0, candidates.length).parallel()
                .mapToObj(i -> evaluate.apply(candidates[i])).toArray(Kpis[]::new);
    }

    /**
     * One episode of {@code policy} on {@code rates} (the training part), with the environment's physics, warm-started
     * like a comparison ({@link Scenarios#warmStart}), arrivals drawn from {@code seed}.
     */
    public static Kpis simulate(Policy policy, double[] rates, EnvConfig env, long seed) {
        Trace trace = new Trace("training part", env.stepSeconds(), rates);
        EnvConfig e = Scenarios.warmStart(env.withMaxEpisodeSteps(0), trace);
        return Episodes.run(new AutoscaleEnv(e, Workload.fixed(trace), CostSlaReward.defaults()), policy, seed, null);
    }

    /**
     * The worst of {@code seeds} episodes ({@link #simulate}) of a fresh {@code policy} on {@code rates}, arrivals
     * drawn from seeds {@code firstSeed, firstSeed + 1, ..}: the episode with the lowest SLA compliance (the first of
     * equals). Tuning on it makes a knob pass only when it reaches the target on every seed, not on one lucky draw.
     */
    public static Kpis simulateWorst(Supplier<? extends Policy> policy, double[] rates, EnvConfig env, long firstSeed,
                                     int seeds) {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        Kpis worst = null;
        for (int i = 0; i < seeds; i++) {
            Kpis k = simulate(policy.get(), rates, env, firstSeed + i);
            if (worst == null || k.slaCompliancePct() < worst.slaCompliancePct()) {
                worst = k;
            }
        }
        return worst;
    }
}

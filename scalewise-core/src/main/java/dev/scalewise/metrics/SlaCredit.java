package dev.scalewise.metrics;

import dev.scalewise.reward.CostSlaReward;

/**
 * One number per policy: the bill plus an SLA credit, {@code total = bill + usdPerViolatingMinute x minutes out of
 * the SLA + usdPerDroppedRequest x dropped requests}. The default prices are those of the {@code cost-sla} reward
 * ({@link CostSlaReward#defaults()}: $1 per step out of the SLA, which is a minute at the default 60 s step, and
 * $0.001 per dropped request), so the number is what the default reward charges, without the churn term.
 *
 * @param usdPerViolatingMinute dollars per minute out of the SLA (p95 over the SLO or any drop), &gt;= 0
 * @param usdPerDroppedRequest  dollars per dropped request, &gt;= 0
 */
public record SlaCredit(double usdPerViolatingMinute, double usdPerDroppedRequest) {
    public SlaCredit {
        if (!(usdPerViolatingMinute >= 0) || !Double.isFinite(usdPerViolatingMinute)
                || !(usdPerDroppedRequest >= 0) || !Double.isFinite(usdPerDroppedRequest)) {
            throw new IllegalArgumentException("SLA credit prices must be finite and >= 0, got "
                    + usdPerViolatingMinute + ", " + usdPerDroppedRequest);
        }
    }

    /** The prices of the default {@code cost-sla} reward. */
    public static SlaCredit defaults() {
        return of(CostSlaReward.defaults());
    }

    /** The prices of a {@code cost-sla} reward: its per-step violation charge read as per 60 s step. */
    public static SlaCredit of(CostSlaReward r) {
        return new SlaCredit(r.slaViolationUsd(), r.dropUsdPerRequest());
    }

    /** Minutes out of the SLA in {@code k}. */
    public static double violatingMinutes(Kpis k, double stepSeconds) {
        double violatingSteps = Math.round(k.steps() * (100 - k.slaCompliancePct()) / 100);
        return violatingSteps * stepSeconds / 60;
    }

    /** Bill + SLA credit of {@code k}. */
    public double totalCost(Kpis k, double stepSeconds) {
        return k.costUsd() + usdPerViolatingMinute * violatingMinutes(k, stepSeconds)
                + usdPerDroppedRequest * k.droppedRequests();
    }
}

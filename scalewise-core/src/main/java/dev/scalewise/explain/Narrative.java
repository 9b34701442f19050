package dev.scalewise.explain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentences generated from a {@link DecisionRecord}'s numbers: what the policy saw, what it did and why (its action
 * values and margin, or the rule that fired), and what each alternative would have changed over the horizon.
 *
 * <p>Every number in the text is a field of the record, printed by {@link #format} in the unit its {@link Unit}
 * names (utilization as a percentage with one decimal, rates and money to three significant digits, latencies in
 * ms, s or min as their size asks, counts as integers), and recorded as a {@link Quote} with the JSON pointer of its
 * field in the record's {@code explain --json} form, so a test can check each one. The only other text that may hold
 * digits is the baseline's {@code rule}, quoted verbatim.
 */
public final class Narrative {
    /** Significant digits of rates, money, backlogs and action values. */
    public static final int SIGNIFICANT = 3;

    private Narrative() {
    }

    /** How a quoted field is printed. */
    public enum Unit {
        /** An integer count (steps, instances, SLA-violating steps): {@code 12}. */
        COUNT,
        /** An instance delta: {@code +1}, {@code 0}, {@code -2}. */
        DELTA,
        /** A fraction shown as a percentage with one decimal: 0.91234 is {@code 91.2%}. */
        PERCENT,
        /** Requests per second, three significant digits (integers from 1000 on): {@code 123 req/s}. */
        RATE,
        /** Requests, three significant digits (integers from 1000 on): {@code 12.5 requests}. */
        REQUESTS,
        /** Milliseconds: {@code 850 ms} below a second, {@code 32.8 s} below two minutes, else {@code 5.4 min}. */
        MILLIS,
        /** US dollars, three significant digits (two decimals from 1 on): {@code 0.0213 USD}. */
        USD,
        /** A unitless value (Q-values, margins, rewards), three significant digits: {@code -2.47}. */
        PLAIN
    }

    /**
     * A number quoted in the text.
     *
     * @param pointer the JSON pointer of the record field it comes from, e.g. {@code /counterfactuals/0/delta_cost_usd}
     * @param unit    how it was printed
     * @param signed  whether a positive value carries a '+'
     * @param text    how it was printed, unit included ({@code +32.8 s})
     */
    public record Quote(String pointer, Unit unit, boolean signed, String text) {
    }

    /**
     * A narrative and the numbers it quotes, in order of appearance.
     *
     * @param text   the sentences
     * @param quotes every number in {@code text} outside the quoted rule
     */
    public record Text(String text, List<Quote> quotes) {
        public Text {
            quotes = List.copyOf(quotes);
        }
    }

    /**
     * {@code v} printed in {@code unit} ({@link Unit}), with a leading '+' on positive values when {@code signed}:
     * {@code format(32781.4119, MILLIS, true)} is {@code +32.8 s}.
     */
    public static String format(double v, Unit unit, boolean signed) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
        }
        String s = switch (unit) {
            case COUNT, DELTA -> plain(BigDecimal.valueOf(v).setScale(0, RoundingMode.HALF_EVEN));
            case PERCENT -> fixed(v * 100, 1) + "%";
            case RATE -> significant(v) + " req/s";
            case REQUESTS -> significant(v) + (significant(v).equals("1") ? " request" : " requests");
            case MILLIS -> Math.abs(v) < 999.5 ? significant(v) + " ms"
                    : Math.abs(v) < 119_950 ? fixed(v / 1000, 1) + " s" : fixed(v / 60_000, 1) + " min";
            case USD -> (Math.abs(v) >= 0.995 ? fixed(v, 2) : significant(v)) + " USD";
            case PLAIN -> significant(v);
        };
        return signed && !s.startsWith("-") && !isZero(s) ? "+" + s : s;
    }

    /** {@code v} to {@value #SIGNIFICANT} significant digits (integers from 1000 on), no trailing zeros. */
    static String significant(double v) {
        BigDecimal d = BigDecimal.valueOf(v);
        if (Math.abs(v) >= 1000) {
            return plain(d.setScale(0, RoundingMode.HALF_EVEN));
        }
        return plain(d.round(new java.math.MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN)));
    }

    /** {@code v} rounded half-even to {@code decimals} decimals, trailing zeros kept ("-0.0" is "0.0"). */
    private static String fixed(double v, int decimals) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
        return d.signum() == 0 ? d.abs().toPlainString() : d.toPlainString();
    }

    private static String plain(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static boolean isZero(String s) {
        return s.matches("0(\\.0+)?(%| .*)?");
    }

    /** The narrative of {@code r}. */
    public static Text compose(DecisionRecord r) {
        Builder b = new Builder();
        StateFeatures s = r.state();
        boolean agent = r.rule() == null && !r.qValues().isEmpty();
        b.text("Step ").count("/step", r.step()).text(": the ").text(agent ? "agent" : "policy")
                .text(" saw utilization ").q("/state/utilization", s.utilization(), Unit.PERCENT, false)
                .text(" with ").q("/state/arrival_rate", s.arrivalRate(), Unit.RATE, false).text(" arriving (trend ")
                .q("/state/trend", s.trend(), Unit.RATE, true).text(" over the last step, forecast ")
                .q("/state/forecast", s.forecast(), Unit.RATE, false).text("), ")
                .count("/state/ready", s.ready()).text(" ready and ").count("/state/booting", s.booting())
                .text(" booting instances, a backlog of ").q("/state/backlog", s.backlog(), Unit.REQUESTS, false)
                .text(" and a p95 latency of ").q("/state/p95_latency_ms", s.p95LatencyMs(), Unit.MILLIS, false)
                .text(". ");
        if (r.chosen() != null) {
            // an agent: the action it chose (a target by its name, quoted verbatim), then what was applied
            int d = r.chosenDelta();
            b.text("It chose ");
            if (!r.chosen().equals(DecisionRecord.key(d))) {
                b.text("\"").text(r.chosen()).text("\", ");
            }
            b.q("/chosen_delta", d, Unit.DELTA, true).text(" (").text(verb(d)).text(")");
        } else {
            b.text("It chose ").q("/action", r.action(), Unit.DELTA, true).text(" (").text(verb(r.action())).text(")");
        }
        String chosenKey = r.chosen() != null ? r.chosen() : DecisionRecord.key(r.action());
        Double chosenQ = r.qValues().get(chosenKey);
        if (chosenQ != null) {
            b.text(", with Q = ").q("/q_values/" + chosenKey.replace("~", "~0").replace("/", "~1"), chosenQ,
                    Unit.PLAIN, false);
            if (r.margin() != null) {
                b.text(", a margin of ").q("/margin", r.margin(), Unit.PLAIN, false).text(" over the next best action");
            }
        }
        if (r.heldBack() != null) {
            b.text("; applied: ").q("/action", r.action(), Unit.DELTA, true).text(" (").text(verb(r.action()))
                    .text("), scale-down held back by stabilization, ").count("/held_back/steps", r.heldBack().steps())
                    .text(" of ").count("/held_back/window", r.heldBack().window())
                    .text(" steps (capacity falls to a lower target once it has lasted the window)");
        }
        if (r.rule() != null) {
            b.text(", because of the rule \"").text(r.rule()).text("\"");
        }
        b.text(".");
        List<Counterfactual> cfs = r.counterfactuals();
        for (int i = 0; i < cfs.size(); i++) {
            Counterfactual c = cfs.get(i);
            String p = "/counterfactuals/" + i + "/";
            b.text(" Taking ").q(p + "action", c.action(), Unit.DELTA, true).text(" (").text(verb(c.action()))
                    .text(") instead, then following the same policy for ").count(p + "steps", c.steps())
                    .text(" steps, would have changed cost by ").q(p + "delta_cost_usd", c.deltaCostUsd(), Unit.USD, true)
                    .text(", SLA-violating steps by ").q(p + "delta_sla_violations", c.deltaSlaViolations(), Unit.COUNT, true)
                    .text(" and p95 latency by ").q(p + "delta_p95_latency_ms", c.deltaP95LatencyMs(), Unit.MILLIS, true)
                    .text(".");
        }
        verdict(b, r);
        return new Text(b.sb.toString(), b.quotes);
    }

    /** A closing sentence on the hold alternative (or, for a hold, on the best alternative by reward). */
    private static void verdict(Builder b, DecisionRecord r) {
        List<Counterfactual> cfs = r.counterfactuals();
        if (r.action() != 0) {
            for (int i = 0; i < cfs.size(); i++) {
                Counterfactual c = cfs.get(i);
                if (c.action() != 0) {
                    continue;
                }
                String p = "/counterfactuals/" + i + "/";
                if (c.deltaSlaViolations() > 0) {
                    b.text(" Holding would have violated the SLA in ").count(p + "delta_sla_violations", c.deltaSlaViolations())
                            .text(" more steps.");
                } else if (c.deltaSlaViolations() < 0) {
                    b.text(" Holding would have had fewer SLA-violating steps (")
                            .q(p + "delta_sla_violations", c.deltaSlaViolations(), Unit.COUNT, true).text(").");
                } else {
                    b.text(" Holding would have violated the SLA in as many steps, at a cost change of ")
                            .q(p + "delta_cost_usd", c.deltaCostUsd(), Unit.USD, true).text(".");
                }
                return;
            }
            return;
        }
        int best = -1;
        for (int i = 0; i < cfs.size(); i++) {
            if (best < 0 || cfs.get(i).deltaReward() > cfs.get(best).deltaReward()) {
                best = i;
            }
        }
        if (best < 0) {
            return;
        }
        Counterfactual c = cfs.get(best);
        String p = "/counterfactuals/" + best + "/";
        b.text(" The best alternative by reward was ").q(p + "action", c.action(), Unit.DELTA, true).text(", changing the reward by ")
                .q(p + "delta_reward", c.deltaReward(), Unit.PLAIN, true).text(c.deltaReward() > 0
                        ? ": holding was not the best choice within the horizon."
                        : ": holding was at least as good within the horizon.");
    }

    private static String verb(int delta) {
        return delta > 0 ? "scale up" : delta < 0 ? "scale down" : "hold";
    }

    private static final class Builder {
        final StringBuilder sb = new StringBuilder();
        final List<Quote> quotes = new ArrayList<>();

        Builder text(String s) {
            sb.append(s);
            return this;
        }

        Builder count(String pointer, double v) {
            return q(pointer, v, Unit.COUNT, false);
        }

        Builder q(String pointer, double v, Unit unit, boolean signed) {
            String printed = format(v, unit, signed);
            sb.append(printed);
            quotes.add(new Quote(pointer, unit, signed, printed));
            return this;
        }
    }
}

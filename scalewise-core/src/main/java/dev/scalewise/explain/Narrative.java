package dev.scalewise.explain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentences generated from a {@link DecisionRecord}'s numbers: what the policy saw, what it did and why (its action
 * values and margin, or the rule that fired), and what each alternative would have changed over the horizon.
 *
 * <p>Every number in the text is a field of the record, printed by {@link #number} (or {@link #signed}), and
 * recorded as a {@link Quote} with the JSON pointer of its field in the record's {@code explain --json} form, so a
 * test can check each one. The only other text that may hold digits is the baseline's {@code rule}, quoted
 * verbatim.
 */
public final class Narrative {
    /** Decimals kept by {@link #number}. */
    public static final int DECIMALS = 4;

    private Narrative() {
    }

    /**
     * A number quoted in the text.
     *
     * @param pointer the JSON pointer of the record field it comes from, e.g. {@code /counterfactuals/0/delta_cost_usd}
     * @param text    how it was printed
     */
    public record Quote(String pointer, String text) {
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

    /** The one number format of narratives: rounded half-even to {@value #DECIMALS} decimals, no trailing zeros. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.toPlainString();
    }

    /** {@link #number} with a leading '+' on positive values. */
    public static String signed(double v) {
        String s = number(v);
        return s.startsWith("-") || s.equals("0") ? s : "+" + s;
    }

    /** The narrative of {@code r}. */
    public static Text compose(DecisionRecord r) {
        Builder b = new Builder();
        StateFeatures s = r.state();
        boolean agent = r.rule() == null && !r.qValues().isEmpty();
        b.text("Step ").num("/step", r.step()).text(": the ").text(agent ? "agent" : "policy")
                .text(" saw utilization ").num("/state/utilization", s.utilization())
                .text(" with ").num("/state/arrival_rate", s.arrivalRate()).text(" req/s arriving (trend ")
                .signed("/state/trend", s.trend()).text(" req/s over the last step, forecast ")
                .num("/state/forecast", s.forecast()).text(" req/s), ")
                .num("/state/ready", s.ready()).text(" ready and ").num("/state/booting", s.booting())
                .text(" booting instances, a backlog of ").num("/state/backlog", s.backlog())
                .text(" requests and a p95 latency of ").num("/state/p95_latency_ms", s.p95LatencyMs()).text(" ms. ");
        b.text("It chose ").signed("/action", r.action()).text(" (").text(verb(r.action())).text(")");
        Double chosenQ = r.qValues().get(DecisionRecord.key(r.action()));
        if (chosenQ != null) {
            b.text(", with Q = ").num("/q_values/" + DecisionRecord.key(r.action()), chosenQ);
            if (r.margin() != null) {
                b.text(", a margin of ").num("/margin", r.margin()).text(" over the next best action");
            }
        }
        if (r.rule() != null) {
            b.text(", because of the rule \"").text(r.rule()).text("\"");
        }
        b.text(".");
        List<Counterfactual> cfs = r.counterfactuals();
        for (int i = 0; i < cfs.size(); i++) {
            Counterfactual c = cfs.get(i);
            String p = "/counterfactuals/" + i + "/";
            b.text(" Taking ").signed(p + "action", c.action()).text(" (").text(verb(c.action()))
                    .text(") instead, then following the same policy for ").num(p + "steps", c.steps())
                    .text(" steps, would have changed cost by ").signed(p + "delta_cost_usd", c.deltaCostUsd())
                    .text(" USD, SLA-violating steps by ").signed(p + "delta_sla_violations", c.deltaSlaViolations())
                    .text(" and p95 latency by ").signed(p + "delta_p95_latency_ms", c.deltaP95LatencyMs()).text(" ms.");
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
                    b.text(" Holding would have violated the SLA in ").num(p + "delta_sla_violations", c.deltaSlaViolations())
                            .text(" more steps.");
                } else if (c.deltaSlaViolations() < 0) {
                    b.text(" Holding would have had fewer SLA-violating steps (")
                            .signed(p + "delta_sla_violations", c.deltaSlaViolations()).text(").");
                } else {
                    b.text(" Holding would have violated the SLA in as many steps, at a cost change of ")
                            .signed(p + "delta_cost_usd", c.deltaCostUsd()).text(" USD.");
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
        b.text(" The best alternative by reward was ").signed(p + "action", c.action()).text(", changing the reward by ")
                .signed(p + "delta_reward", c.deltaReward()).text(c.deltaReward() > 0
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

        Builder num(String pointer, double v) {
            return quote(pointer, number(v));
        }

        Builder signed(String pointer, double v) {
            return quote(pointer, Narrative.signed(v));
        }

        private Builder quote(String pointer, String printed) {
            sb.append(printed);
            quotes.add(new Quote(pointer, printed));
            return this;
        }
    }
}

package dev.scalewise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.explain.Narrative.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NarrativeTest {
    @Test
    void latenciesArePrintedInMillisecondsSecondsOrMinutesAsTheirSizeAsks() {
        assertThat(Narrative.format(32781.4119, Unit.MILLIS, true)).isEqualTo("+32.8 s");
        assertThat(Narrative.format(-32781.4119, Unit.MILLIS, true)).isEqualTo("-32.8 s");
        assertThat(Narrative.format(123.456, Unit.MILLIS, false)).isEqualTo("123 ms");
        assertThat(Narrative.format(12.3456, Unit.MILLIS, true)).isEqualTo("+12.3 ms");
        assertThat(Narrative.format(999.4, Unit.MILLIS, false)).isEqualTo("999 ms");
        assertThat(Narrative.format(999.7, Unit.MILLIS, false)).isEqualTo("1.0 s");
        assertThat(Narrative.format(324_000, Unit.MILLIS, false)).isEqualTo("5.4 min");
        assertThat(Narrative.format(0, Unit.MILLIS, true)).isEqualTo("0 ms");
    }

    @Test
    void percentagesKeepOneDecimalAndRatesMoneyAndValuesThreeSignificantDigits() {
        assertThat(Narrative.format(0.91234, Unit.PERCENT, false)).isEqualTo("91.2%");
        assertThat(Narrative.format(0.9, Unit.PERCENT, false)).isEqualTo("90.0%");
        assertThat(Narrative.format(1.3549, Unit.PERCENT, false)).isEqualTo("135.5%");
        assertThat(Narrative.format(123.456, Unit.RATE, false)).isEqualTo("123 req/s");
        assertThat(Narrative.format(4.56789, Unit.RATE, true)).isEqualTo("+4.57 req/s");
        assertThat(Narrative.format(-0.001234, Unit.RATE, true)).isEqualTo("-0.00123 req/s");
        assertThat(Narrative.format(12345.6, Unit.RATE, false)).isEqualTo("12346 req/s");
        assertThat(Narrative.format(-0.021349, Unit.USD, true)).isEqualTo("-0.0213 USD");
        assertThat(Narrative.format(12.346, Unit.USD, false)).isEqualTo("12.35 USD");
        assertThat(Narrative.format(-2.4719, Unit.PLAIN, false)).isEqualTo("-2.47");
        assertThat(Narrative.format(3, Unit.COUNT, true)).isEqualTo("+3");
        assertThat(Narrative.format(0, Unit.DELTA, true)).isEqualTo("0");
        assertThat(Narrative.format(1, Unit.REQUESTS, false)).isEqualTo("1 request");
        assertThat(Narrative.format(0, Unit.REQUESTS, false)).isEqualTo("0 requests");
    }

    @Test
    void aNarrativeReadsWithUnitsAndNoLongDecimals() {
        StateFeatures s = new StateFeatures(0.91234, 456.789, 12.3456, 470.12, 5, 1, 0, 218.3333, null);
        DecisionRecord r = new DecisionRecord(120, "hpa", 30, s, Map.of(), 1, null, "ratio 1.2 > 1.1", -0.5, Map.of(),
                List.of(new Counterfactual(0, 30, -0.021349, 12, 32781.4119, -4.2)), 4.2, null);
        String text = Narrative.compose(r).text();
        assertThat(text).startsWith("Step 120: the policy saw utilization 91.2% with 457 req/s arriving (trend "
                + "+12.3 req/s over the last step, forecast 470 req/s), 5 ready and 1 booting instances, a backlog of "
                + "0 requests and a p95 latency of 218 ms. It chose +1 (scale up), because of the rule \"ratio 1.2 > 1.1\".");
        assertThat(text).contains("would have changed cost by -0.0213 USD, SLA-violating steps by +12 and p95 latency "
                + "by +32.8 s.").contains("Holding would have violated the SLA in 12 more steps.");
        ExplainerTest.assertNarrativeQuotesFields(r.withNarrative(text));
    }
}

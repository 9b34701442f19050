package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RuleTextTest {

    @Test
    void formatsLikeStringFormatInTheRootLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // a decimal comma if the locale leaked in
            RuleText t = RuleText.format("ratio %.3f (CPU %d%% vs %d%%, tolerance -%.2f/+%.2f)", 1.23456, 81, 70,
                    0.1, 0.1);
            assertThat(t.toString()).isEqualTo("ratio 1.235 (CPU 81% vs 70%, tolerance -0.10/+0.10)")
                    .isEqualTo(String.format(Locale.ROOT, "ratio %.3f (CPU %d%% vs %d%%, tolerance -%.2f/+%.2f)",
                            1.23456, 81, 70, 0.1, 0.1));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void concatenatesNestedPartsAndFormatsOnce() {
        RuleText head = RuleText.format("ratio %.3f", 0.5);
        RuleText rule = RuleText.concat(head, ": recommend ", 3, " -> ", 2, RuleText.of(""));
        assertThat(rule.toString()).isEqualTo("ratio 0.500: recommend 3 -> 2");
        assertThat(rule.toString()).isSameAs(rule.toString());
        assertThat(RuleText.concat("last sync: ", rule).toString()).isEqualTo("last sync: ratio 0.500: recommend 3 -> 2");
    }

    @Test
    void hpaRuleReadsAsBefore() {
        // the text HpaController.sync used to build eagerly, for a ratio outside the tolerance
        HpaController c = new HpaController(HpaConfig.defaults(), 1, 10);
        HpaReplicaCalculator.MetricRecommendation m = new HpaReplicaCalculator.MetricRecommendation(true, 4,
                RuleText.format("ratio %.3f", 2.0));
        assertThat(c.sync(0, 2, java.util.List.of(m))).isEqualTo(4);
        assertThat(c.lastRule()).isEqualTo("ratio 2.000: recommend 2 -> 4");
    }
}

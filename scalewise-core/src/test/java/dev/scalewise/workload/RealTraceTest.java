package dev.scalewise.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.workload.format.ReadOptions;
import dev.scalewise.workload.format.ReadResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The reference numbers of each PROVENANCE.md, read through the catalog. */
class RealTraceTest {

    private static TraceCatalog catalog() {
        return new TraceCatalog(SharedTraces.dir());
    }

    @Test
    void nasaHas5059950SecondsSummingTo3461610RequestsWithTheOutageFlagged() {
        Trace t = catalog().resolve("nasa-http-1995");
        assertThat(t.length()).isEqualTo(5_059_950);
        assertThat(t.stepSeconds()).isEqualTo(1);
        assertThat(t.totalRequests()).isEqualTo(3_461_610);
        assertThat(t.peakRate()).isEqualTo(20);
        assertThat(t.start()).contains(Instant.parse("1995-07-01T04:00:01Z"));
        Trace.Gap outage = t.gaps().stream().filter(g -> g.length() > 0).findFirst().orElseThrow();
        assertThat(outage.fromStep()).isEqualTo(2_435_065);
        assertThat(outage.length()).isEqualTo(135_851);
        assertThat(outage.reason()).contains("Hurricane Erin");
        assertThat(t.gaps()).filteredOn(g -> g.length() > 0).hasSize(1);
        assertThat(t.gaps()).anyMatch(g -> g.length() == 0 && g.reason().contains("discontinuity"));
        for (int i = outage.fromStep(); i < outage.toStep(); i++) {
            assertThat(t.rate(i)).isZero();
        }
        Trace minutes = t.resample(60);
        assertThat(minutes.totalRequests()).isCloseTo(3_461_610, within(1e-6));
        assertThat(minutes.peakRate() * 60).isCloseTo(409, within(1e-9));
    }

    @Test
    void worldCupHas125310MinutesAfterZeroFillSummingToTheOfficialTotal() {
        ReadResult r = catalog().read("worldcup98", ReadOptions.DEFAULT);
        Trace t = r.trace();
        assertThat(r.report().records()).isEqualTo(125_300);
        assertThat(t.length()).isEqualTo(125_310);
        assertThat(t.stepSeconds()).isEqualTo(60);
        assertThat(t.totalRequests()).isCloseTo(1_352_804_107d, within(1e-3));
        assertThat(t.peakRate() * 60).isCloseTo(229_426, within(1e-6));
        assertThat(t.start()).contains(Instant.parse("1998-04-30T21:30:00Z"));
        assertThat(t.gaps().stream().mapToInt(Trace.Gap::length).sum()).isEqualTo(10);
        assertThat(t.peakToMean()).isCloseTo(21.25, within(0.01));
    }

    @Test
    void azureConversationRowsAndTokenMeans() {
        TraceInfo info = catalog().info("azure-llm-conv-2023", ReadOptions.DEFAULT);
        assertThat(info.report().records()).isEqualTo(19_366);
        assertThat(info.trace().totalRequests()).isEqualTo(19_366);
        assertThat(info.meanPromptTokens()).isCloseTo(1154.7, within(0.05));
        assertThat(info.meanOutputTokens()).isCloseTo(211.1, within(0.05));
        // PROVENANCE.md's peak of 16 bins from the first request's exact time; the reader bins on whole
        // (calendar) seconds so that the trace has a whole-second start, which gives 19.
        assertThat(info.trace().peakRate()).isEqualTo(19);
        assertThat(info.trace().start()).contains(Instant.parse("2023-11-16T18:15:46Z"));
    }

    @Test
    void azureCodeRowsAndTokenMeans() {
        TraceInfo info = catalog().info("azure-llm-code-2023", ReadOptions.DEFAULT);
        assertThat(info.report().records()).isEqualTo(8_819);
        assertThat(info.meanPromptTokens()).isCloseTo(2047.8, within(0.05));
        assertThat(info.meanOutputTokens()).isCloseTo(27.9, within(0.05));
        assertThat(info.trace().peakRate()).isEqualTo(67);
        Trace minutes = info.trace().resample(60);
        assertThat(minutes.totalRequests()).isCloseTo(8_819, within(1e-6));
    }

    @Test
    void mooncakeRowsAndTokenMeans() {
        TraceInfo info = catalog().info("mooncake-conversation", ReadOptions.DEFAULT);
        assertThat(info.report().records()).isEqualTo(12_031);
        assertThat(info.trace().start()).isEmpty();
        assertThat(info.meanPromptTokens()).isCloseTo(12_035.1, within(0.05));
        assertThat(info.meanOutputTokens()).isCloseTo(342.6, within(0.05));
        assertThat(info.trace().length()).isEqualTo(3_537);
        assertThat(info.trace().peakRate()).isEqualTo(28);
    }

    @Test
    void tokenServiceRateOnAzureConversationFollowsTheTokens() {
        Trace t = catalog().resolve("azure-llm-conv-2023");
        TokenServiceModel m = TokenServiceModel.DEFAULT;
        double mu = m.meanServiceRate(t, 1);
        assertThat(1 / mu).isCloseTo(1e-4 * 1154.7 + 5e-4 * 211.1, within(1e-3));
        Trace scaled = TraceScaling.toPeakInstances(t, 10, m, 0.7);
        double peakBusy = 0;
        for (int i = 0; i < scaled.length(); i++) {
            peakBusy = Math.max(peakBusy, m.workSeconds(scaled, i));
        }
        assertThat(peakBusy).isCloseTo(7.0, within(1e-9));
    }
}

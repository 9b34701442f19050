package dev.scalewise.serve;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** serve-bench's server-side figures: quantiles from the scaler's own histogram, as histogram_quantile computes them. */
class ScalerLoadTest {

    @Test
    void serverQuantilesInterpolateWithinTheBucketLikeHistogramQuantile() {
        ScalerMetrics m = new ScalerMetrics();
        for (int i = 0; i < 50; i++) {
            m.grpcSeconds("GetMetrics", 20_000);  // 20 us: bucket (10 us, 25 us]
        }
        for (int i = 0; i < 49; i++) {
            m.grpcSeconds("GetMetrics", 80_000);  // 80 us: bucket (50 us, 100 us]
        }
        m.grpcSeconds("GetMetrics", 2_000_000);   // 2 ms: bucket (1 ms, 2.5 ms]
        m.grpcSeconds("IsActive", 900_000_000);   // another method: not counted
        long[] counts = ScalerLoad.buckets(m);
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(100);
        // rank 50 is the last of the first occupied bucket: its upper bound; rank 99 the top of (50, 100]
        assertThat(ScalerLoad.quantile(m, counts, 0.5)).isCloseTo(25e-6, within(1e-12));
        assertThat(ScalerLoad.quantile(m, counts, 0.99)).isCloseTo(100e-6, within(1e-12));
        // rank 25: halfway into (10, 25]
        assertThat(ScalerLoad.quantile(m, counts, 0.25)).isCloseTo(17.5e-6, within(1e-12));
        assertThat(ScalerLoad.underOneMs(m, counts)).isEqualTo(0.99);
        // the warm-up is subtracted by difference of two snapshots
        long[] before = counts.clone();
        m.grpcSeconds("GetMetrics", 5_000);
        long[] after = ScalerLoad.buckets(m);
        for (int i = 0; i < after.length; i++) {
            after[i] -= before[i];
        }
        assertThat(ScalerLoad.quantile(m, after, 0.99)).isCloseTo(9.9e-6, within(1e-12)); // 0.99 of (0, 10 us]
    }
}

package dev.scalewise.workload.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalewise.workload.Trace;

/**
 * One Jazzer fuzz target per reader: on any bytes a reader either returns a valid trace (finite, non-negative rates
 * and tokens, which the {@link Trace} constructor enforces) or throws {@link TraceReadException}; anything else
 * (another exception, NaN, a hang) is a bug.
 *
 * <p>In the normal test run ({@code JAZZER_FUZZ} unset) each target replays its regression corpus under
 * {@code src/test/resources/dev/scalewise/workload/format/ReaderFuzzTestInputs/<method>/} in milliseconds. To fuzz for
 * real: {@code JAZZER_FUZZ=1 mvn -o test -pl scalewise-core -Dtest=ReaderFuzzTest#counts} (one target at a time;
 * findings are written to the corpus directory to become regression inputs).
 */
class ReaderFuzzTest {

    private static void check(TraceFormat format, byte[] data, boolean lenient) {
        try {
            ReadResult r = format.reader().read(data, "fuzz.input", ReadOptions.DEFAULT.withLenient(lenient));
            Trace t = r.trace();
            if (!Double.isFinite(t.totalRequests()) || t.length() < 1) {
                throw new AssertionError("invalid trace " + t);
            }
            t.resample(t.stepSeconds() * 7);
        } catch (TraceReadException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith("fuzz.input")) {
                throw new AssertionError("message does not name the file: " + expected.getMessage(), expected);
            }
        }
    }

    private static boolean lenient(byte[] data) {
        return data.length > 0 && (data[data.length - 1] & 1) == 1;
    }

    @FuzzTest(maxDuration = "30s")
    void counts(byte[] data) {
        check(TraceFormat.COUNTS, data, lenient(data));
    }

    @FuzzTest(maxDuration = "30s")
    void minuteCsv(byte[] data) {
        check(TraceFormat.MINUTE_COUNT_CSV, data, lenient(data));
    }

    @FuzzTest(maxDuration = "30s")
    void azureLlm(byte[] data) {
        check(TraceFormat.AZURE_LLM_CSV, data, lenient(data));
    }

    @FuzzTest(maxDuration = "30s")
    void mooncake(byte[] data) {
        check(TraceFormat.MOONCAKE_JSONL, data, lenient(data));
    }

    @FuzzTest(maxDuration = "30s")
    void genericCsv(byte[] data) {
        check(TraceFormat.GENERIC_CSV, data, lenient(data));
    }
}

package dev.scalewise.workload.format;

import java.time.Instant;
import java.util.List;

/**
 * Reads the Azure LLM inference trace 2023 (Splitwise, ISCA 2024): CSV with CRLF line ends and the header
 * {@code TIMESTAMP,ContextTokens,GeneratedTokens}, one row per request. {@code TIMESTAMP} has seven fractional
 * digits ({@code 2023-11-16 18:15:46.6805900}); no time zone is stated, so it is taken as UTC.
 *
 * <p>Requests are binned into one-second steps starting at the whole second of the first request, with the prompt
 * ({@code ContextTokens}) and output ({@code GeneratedTokens}) tokens summed per step. Rows must not go back in time.
 */
public final class AzureLlmCsvReader implements TraceReader {
    /** The expected header. */
    public static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

    @Override
    public ReadResult read(byte[] content, String source, ReadOptions options) {
        LineCursor lines = new LineCursor(content);
        Skips skips = new Skips(source, options.lenient());
        Header.expect(lines, source, HEADER);
        byte[] b = lines.bytes();
        int[] f = new int[8];
        RequestBinner bins = new RequestBinner(source, true);
        long startNanos = Long.MIN_VALUE;
        long records = 0;
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            long line = lines.lineNumber();
            try {
                int nf = lines.split(f);
                if (nf != 3) {
                    throw new BadValue("expected 3 fields (TIMESTAMP,ContextTokens,GeneratedTokens), got "
                            + (nf < 0 ? "more than 3" : nf));
                }
                long t = Fields.epochNanos(b, f[0], f[1], "TIMESTAMP");
                long prompt = Fields.count(b, f[2], f[3], "ContextTokens", Limits.MAX_TOKENS);
                long output = Fields.count(b, f[4], f[5], "GeneratedTokens", Limits.MAX_TOKENS);
                long origin = startNanos == Long.MIN_VALUE ? Math.floorDiv(t, 1_000_000_000L) * 1_000_000_000L : startNanos;
                bins.checkOrder(t - origin);
                startNanos = origin;
                bins.add(line, t - startNanos, prompt, output);
                records++;
            } catch (BadValue e) {
                skips.malformed(line, e.getMessage());
            }
        }
        Instant start = startNanos == Long.MIN_VALUE ? null : Instant.ofEpochSecond(startNanos / 1_000_000_000L);
        return Assembly.finish(source, TraceFormat.AZURE_LLM_CSV, options, 1, bins.rates(), start, bins.tokens(),
                List.of(), lines.lineNumber(), records, skips);
    }
}

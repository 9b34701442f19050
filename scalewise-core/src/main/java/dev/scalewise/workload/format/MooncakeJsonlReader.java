package dev.scalewise.workload.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the Mooncake (Kimi, FAST'25) trace: JSON Lines, one object per request,
 * {@code {"timestamp": ms, "input_length": tokens, "output_length": tokens, "hash_ids": [...]}}, with
 * {@code timestamp} in milliseconds from the start of the trace (no absolute date, so the trace has no start time).
 *
 * <p>Requests are binned into one-second steps with their input (prompt) and output tokens summed. The source
 * quantizes arrivals to about 3 s, so one-second rates show that artifact; resample to 60 s for a faithful rate.
 * {@code hash_ids} (prefix-cache blocks) are not used.
 */
public final class MooncakeJsonlReader implements TraceReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Fewest requests for the unit check: a handful of requests close together is just a burst. */
    static final int UNIT_MIN_RECORDS = 100;
    /** Highest plausible mean request rate of an LLM serving trace, in requests per second. */
    static final double MAX_PLAUSIBLE_RATE = 1000;

    @Override
    public ReadResult read(byte[] content, String source, ReadOptions options) {
        LineCursor lines = new LineCursor(content);
        Skips skips = new Skips(source, options.lenient());
        RequestBinner bins = new RequestBinner(source, true);
        long records = 0;
        long firstMs = -1;
        long lastMs = 0;
        long lastLine = 0;
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            long line = lines.lineNumber();
            try {
                JsonNode node = parse(lines);
                long ms = whole(node, "timestamp", Limits.MAX_STEPS * 1000L);
                long input = whole(node, "input_length", Limits.MAX_TOKENS);
                long output = whole(node, "output_length", Limits.MAX_TOKENS);
                long nanos = ms * 1_000_000L;
                bins.checkOrder(nanos);
                bins.add(line, nanos, input, output);
                records++;
                firstMs = firstMs < 0 ? ms : firstMs;
                lastMs = ms;
                lastLine = line;
            } catch (BadValue e) {
                skips.malformed(line, e.getMessage());
            }
        }
        checkUnit(source, lastLine, records, firstMs, lastMs);
        return Assembly.finish(source, TraceFormat.MOONCAKE_JSONL, options, 1, bins.rates(), null, bins.tokens(),
                List.of(), lines.lineNumber(), records, skips);
    }

    /**
     * Refuses timestamps that only make sense in seconds: read as milliseconds, at least {@value #UNIT_MIN_RECORDS}
     * requests arriving at over {@value #MAX_PLAUSIBLE_RATE} per second on average over the whole trace (the Kimi
     * trace averages 3.4 per second; the same trace in seconds reads as 3,400 per second). The message names the unit
     * assumed and the fix.
     */
    private static void checkUnit(String source, long line, long records, long firstMs, long lastMs) {
        if (records < UNIT_MIN_RECORDS) {
            return;
        }
        double seconds = Math.max(lastMs - firstMs, 1) / 1000.0;
        double rate = records / seconds;
        if (rate > MAX_PLAUSIBLE_RATE) {
            throw new TraceReadException(source, line, String.format(Locale.ROOT, "%,d requests within %.3f s (%,.0f "
                    + "per second on average), reading timestamp as milliseconds; if the timestamps are seconds, "
                    + "multiply them by 1000", records, seconds, rate));
        }
    }

    private static JsonNode parse(LineCursor lines) {
        JsonNode node;
        try {
            node = JSON.readTree(lines.bytes(), lines.start, lines.end - lines.start);
        } catch (JsonProcessingException e) {
            throw new BadValue("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadValue("invalid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadValue("expected a JSON object per line");
        }
        return node;
    }

    private static long whole(JsonNode node, String field, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new BadValue("missing field '" + field + "'");
        }
        if (!v.isNumber()) {
            throw new BadValue("non-numeric " + field + " " + shorten(v.toString()));
        }
        if (!v.isIntegralNumber() && v.asDouble() != Math.rint(v.asDouble())) {
            throw new BadValue(field + " must be a whole number" + ("timestamp".equals(field) ? " of milliseconds" : "")
                    + ", got " + v);
        }
        double d = v.asDouble();
        if (d < 0) {
            throw new BadValue("negative " + field + " " + v);
        }
        if (!v.canConvertToLong() || d > max) {
            throw new BadValue("absurdly large " + field + " " + shorten(v.toString()) + " (limit " + Limits.describeCount(max) + ")");
        }
        return v.asLong();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}

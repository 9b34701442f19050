package dev.scalewise.workload;

import dev.scalewise.workload.format.ReadReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The description of a trace that {@code traces info} prints: the CLI.md fields ({@code name, source, start, end,
 * resolution_s, points, total_requests, mean_rate, peak_rate, peak_to_mean, gaps}) plus the file, format, records,
 * skipped lines and, for LLM traces, mean tokens per request.
 *
 * @param trace  the trace described
 * @param source where it comes from (a citation for catalog traces, the file otherwise)
 * @param file   the file read
 * @param report how it was read
 */
public record TraceInfo(Trace trace, String source, String file, ReadReport report) {

    /** Mean prompt tokens per request, or NaN without tokens. */
    public double meanPromptTokens() {
        return trace.tokens().map(t -> sum(t.promptTokens()) / trace.totalRequests()).orElse(Double.NaN);
    }

    /** Mean output tokens per request, or NaN without tokens. */
    public double meanOutputTokens() {
        return trace.tokens().map(t -> sum(t.outputTokens()) / trace.totalRequests()).orElse(Double.NaN);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** The fields with snake_case names and units, in a stable order, ready for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", trace.name());
        m.put("source", source);
        m.put("file", file);
        m.put("format", report.format().id());
        m.put("start", trace.start().map(Object::toString).orElse(null));
        m.put("end", trace.end().map(Object::toString).orElse(null));
        m.put("resolution_s", trace.stepSeconds());
        m.put("points", trace.length());
        m.put("duration_s", trace.durationSeconds());
        m.put("total_requests", trace.totalRequests());
        m.put("mean_rate", trace.meanRate());
        m.put("peak_rate", trace.peakRate());
        m.put("peak_to_mean", trace.peakToMean());
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (Trace.Gap g : trace.gaps()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("from_step", g.fromStep());
            gm.put("to_step", g.toStep());
            gm.put("steps", g.length());
            gm.put("start", trace.start().map(s -> s.plusNanos(Math.round(g.fromStep() * trace.stepSeconds() * 1e9)).toString()).orElse(null));
            gm.put("reason", g.reason());
            gaps.add(gm);
        }
        m.put("gaps", gaps);
        m.put("records", report.records());
        m.put("skipped_lines", report.skipped());
        if (trace.tokens().isPresent()) {
            m.put("mean_prompt_tokens", meanPromptTokens());
            m.put("mean_output_tokens", meanOutputTokens());
        }
        return m;
    }
}

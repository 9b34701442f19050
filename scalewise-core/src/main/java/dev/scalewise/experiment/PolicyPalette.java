package dev.scalewise.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per policy, the same in every PNG chart and in the dashboard (which reads it from
 * {@code /api/palette}): fixed for the known policies, and for any other name (an agent run, a forecaster-backed
 * predictive policy) a colour of the rest of the palette picked by a stable hash of the name. Colours are the
 * Tableau 10/20 categorical palette (distinct for up to 20 series); the oracle is black, static peak grey,
 * the agent red.
 */
public final class PolicyPalette {
    /** The known policies, in the order of their colours. */
    public static final List<String> KNOWN = List.of("static", "threshold", "hpa", "keda", "aws-target-tracking",
            "aws-step", "aws-predictive", "oracle", "perfect-forecast", "mpc", "hpa-tuned", "aws-target-tracking-tuned",
            "agent");

    /** {@code #rrggbb} colours: one per {@link #KNOWN} name, then the ones other names share by hash. */
    public static final List<String> COLORS = List.of("#7f7f7f", "#bcbd22", "#1f77b4", "#17becf", "#ff7f0e",
            "#8c564b", "#e377c2", "#000000", "#9467bd", "#2ca02c", "#ffbb78", "#98df8a", "#d62728", "#c5b0d5",
            "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5", "#393b79");

    private PolicyPalette() {
    }

    /** The colour of {@code name} as {@code #rrggbb}; {@code agent:RUN} names are the agent's family, by hash. */
    public static String hex(String name) {
        int i = KNOWN.indexOf(name);
        if (i < 0) {
            i = KNOWN.size() + Math.floorMod(stableHash(name), COLORS.size() - KNOWN.size());
        }
        return COLORS.get(i);
    }

    /** The whole palette for a client: {@code known} (name to colour) and {@code others} (the hashed ones). */
    public static Map<String, Object> describe() {
        Map<String, String> known = new LinkedHashMap<>();
        for (String k : KNOWN) {
            known.put(k, hex(k));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("known", known);
        out.put("others", COLORS.subList(KNOWN.size(), COLORS.size()));
        return out;
    }

    /** FNV-1a over the UTF-16 units of {@code s}: simple enough to compute identically in the dashboard. */
    static int stableHash(String s) {
        int h = 0x811c9dc5;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        return h;
    }
}

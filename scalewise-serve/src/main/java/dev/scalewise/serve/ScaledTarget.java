package dev.scalewise.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scaled workload: a KEDA ScaledObject's namespace, name and metadata, checked, and the placeholders it fills
 * into the configured queries. Names follow Kubernetes' DNS-1123 rules; metadata values may only hold characters
 * that cannot break out of a PromQL label matcher's quotes.
 */
public record ScaledTarget(String namespace, String name, Map<String, String> metadata) {
    private static final Pattern DNS = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:/-]{0,253}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Za-z][A-Za-z0-9_]*)");
    static final int MAX_METADATA = 32;

    public ScaledTarget {
        check("namespace", namespace);
        check("name", name);
        if (metadata.size() > MAX_METADATA) {
            throw new IllegalArgumentException("scalerMetadata has " + metadata.size() + " entries, at most "
                    + MAX_METADATA);
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("scalerMetadata key '" + shorten(e.getKey())
                        + "' must match [A-Za-z][A-Za-z0-9_]*");
            }
            if (!VALUE.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("scalerMetadata " + e.getKey() + "='" + shorten(e.getValue())
                        + "' may only hold letters, digits and _ . : / -");
            }
        }
        metadata = Map.copyOf(metadata);
    }

    private static void check(String what, String v) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("ScaledObjectRef." + what + " is empty");
        }
        if (!DNS.matcher(v).matches()) {
            throw new IllegalArgumentException("ScaledObjectRef." + what + " '" + shorten(v)
                    + "' is not a Kubernetes name (lower-case letters, digits, '-', '.'; at most 253)");
        }
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /** The query with {@code $namespace}, {@code $name}, {@code $deployment}, {@code $service} and metadata keys filled. */
    public String fill(String query) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("namespace", namespace);
        vars.put("name", name);
        vars.put("deployment", name);
        vars.put("service", name);
        vars.putAll(metadata);
        Matcher m = PLACEHOLDER.matcher(query);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("query uses $" + m.group(1) + " but ScaledObject " + key()
                        + " has no such metadata");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

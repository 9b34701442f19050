package dev.scalewise.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What "best" means: {@code min|max METRIC [subject to METRIC OP NUMBER [and METRIC OP NUMBER]...]} with OP one of
 * {@code >= <= > <}, over the configurations' means, e.g. {@code min cost_usd subject to sla_compliance_pct >= 99.9}.
 *
 * @param minimize    true for min
 * @param metric      the metric optimised ({@link CellResult#METRICS})
 * @param constraints the constraints every candidate must meet
 */
public record Objective(boolean minimize, String metric, List<Constraint> constraints) {
    private static final Pattern HEAD = Pattern.compile("^(min|max)\\s+(\\w+)\\s*(?:subject\\s+to\\s+(.+))?$");
    private static final Pattern CONSTRAINT = Pattern.compile("^(\\w+)\\s*(>=|<=|>|<)\\s*(-?[0-9.eE+-]+)$");

    /** One constraint on a metric's mean. */
    public record Constraint(String metric, String op, double bound) {
        /** True when {@code value} meets it (NaN never does). */
        public boolean test(double value) {
            return switch (op) {
                case ">=" -> value >= bound;
                case "<=" -> value <= bound;
                case ">" -> value > bound;
                default -> value < bound;
            };
        }

        @Override
        public String toString() {
            return metric + " " + op + " " + bound;
        }
    }

    /** Parses the text form; the message says what is wrong. */
    public static Objective parse(String text) {
        Matcher m = HEAD.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected 'min|max METRIC [subject to METRIC >= NUMBER [and ...]]', got '"
                    + text + "'");
        }
        String metric = checkMetric(m.group(2));
        List<Constraint> cs = new ArrayList<>();
        if (m.group(3) != null) {
            for (String part : m.group(3).split("\\s+and\\s+")) {
                Matcher c = CONSTRAINT.matcher(part.trim());
                if (!c.matches()) {
                    throw new IllegalArgumentException("bad constraint '" + part.trim() + "'; expected METRIC OP NUMBER");
                }
                double bound;
                try {
                    bound = Double.parseDouble(c.group(3));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad number '" + c.group(3) + "' in constraint '" + part.trim() + "'");
                }
                cs.add(new Constraint(checkMetric(c.group(1)), c.group(2), bound));
            }
        }
        return new Objective(m.group(1).equals("min"), metric, List.copyOf(cs));
    }

    private static String checkMetric(String name) {
        if (!CellResult.METRICS.contains(name)) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + String.join(", ", CellResult.METRICS));
        }
        return name;
    }

    @Override
    public String toString() {
        return (minimize ? "min " : "max ") + metric + (constraints.isEmpty() ? ""
                : " subject to " + String.join(" and ", constraints.stream().map(Constraint::toString).toList()));
    }
}

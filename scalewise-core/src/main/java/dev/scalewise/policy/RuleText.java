package dev.scalewise.policy;

import java.util.Locale;

/**
 * A decision's explanation, formatted only when it is read. The baselines record why they acted at every step
 * ({@link ExplainablePolicy#lastRule()}), but the text is read only when a decision is explained; formatting it
 * eagerly with {@link String#format} took most of a comparison's time (docs/performance.md). A {@code RuleText}
 * keeps the format and its arguments and formats them once, on the first {@link #toString()}: the text is the
 * same as the eager form's, character for character.
 */
public final class RuleText {
    private final String format;
    private final Object[] args;
    private String text;

    private RuleText(String format, Object[] args, String text) {
        this.format = format;
        this.args = args;
        this.text = text;
    }

    /** A text that is already there. */
    public static RuleText of(String text) {
        return new RuleText(null, null, text);
    }

    /** {@code String.format(Locale.ROOT, format, args)}, when read. */
    public static RuleText format(String format, Object... args) {
        return new RuleText(format, args, null);
    }

    /** The parts' {@code String.valueOf}s one after the other (nested {@code RuleText}s included), when read. */
    public static RuleText concat(Object... parts) {
        return new RuleText(null, parts, null);
    }

    @Override
    public String toString() {
        if (text == null) {
            if (format != null) {
                text = String.format(Locale.ROOT, format, args);
            } else {
                StringBuilder b = new StringBuilder();
                for (Object p : args) {
                    b.append(p);
                }
                text = b.toString();
            }
        }
        return text;
    }
}

package dev.scalewise.workload.format;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parsing of single values from a byte range, with the specific error reasons the readers report. Ranges are
 * trimmed of spaces and one pair of surrounding double quotes.
 */
final class Fields {
    private static final int SHOWN = 40;

    private Fields() {
    }

    /** The text of a range, shortened for messages. */
    static String show(byte[] b, int from, int to) {
        String s = new String(b, from, Math.min(to - from, SHOWN), StandardCharsets.ISO_8859_1);
        return to - from > SHOWN ? s + "..." : s;
    }

    private static int trimStart(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        if (from < to && b[from] == '"') {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        if (to > from && b[to - 1] == '"') {
            to--;
        }
        return to;
    }

    /**
     * A non-negative whole number of at most {@code max}.
     *
     * @param what the field's name, for messages
     */
    static long count(byte[] b, int from, int to, String what, long max) {
        int s = trimStart(b, from, to);
        int e = trimEnd(b, s, to);
        if (s >= e) {
            throw new BadValue("empty value for " + what);
        }
        int i = s;
        if (b[i] == '-' || b[i] == '+') {
            i++;
        }
        if (i == e) {
            throw new BadValue("non-numeric " + what + " '" + show(b, s, e) + "'");
        }
        long v = 0;
        boolean absurd = false;
        for (int k = i; k < e; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                if (b[k] == '.' && allZeros(b, k + 1, e)) {
                    e = k; // "12.0" is a whole number
                    break;
                }
                throw new BadValue("non-numeric " + what + " '" + show(b, s, e) + "'");
            }
            if (!absurd) {
                v = v * 10 + d;
                if (v > max) {
                    absurd = true;
                }
            }
        }
        if (b[s] == '-' && (v != 0 || absurd)) {
            throw new BadValue("negative " + what + " " + show(b, s, e));
        }
        if (absurd) {
            throw new BadValue("absurdly large " + what + " " + show(b, s, e) + " (limit " + Limits.describeCount(max) + ")");
        }
        return v;
    }

    private static boolean allZeros(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] != '0') {
                return false;
            }
        }
        return true;
    }

    /** A finite decimal number (any sign) such as {@code 12}, {@code -3.5}, {@code 1e3}. */
    static double decimal(byte[] b, int from, int to, String what) {
        int s = trimStart(b, from, to);
        int e = trimEnd(b, s, to);
        if (s >= e) {
            throw new BadValue("empty value for " + what);
        }
        for (int k = s; k < e; k++) {
            byte c = b[k];
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!ok) {
                throw new BadValue("non-numeric " + what + " '" + show(b, s, e) + "'");
            }
        }
        double v;
        try {
            v = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException ex) {
            throw new BadValue("non-numeric " + what + " '" + show(b, s, e) + "'");
        }
        if (!Double.isFinite(v)) {
            throw new BadValue("absurdly large " + what + " " + show(b, s, e));
        }
        return v;
    }

    /** A non-negative finite decimal number of at most {@code max}. */
    static double nonNegative(byte[] b, int from, int to, String what, double max) {
        double v = decimal(b, from, to, what);
        if (v < 0) {
            throw new BadValue("negative " + what + " " + show(b, trimStart(b, from, to), trimEnd(b, from, to)));
        }
        if (v > max) {
            throw new BadValue("absurdly large " + what + " " + show(b, trimStart(b, from, to), trimEnd(b, from, to))
                    + " (limit " + String.format("%,.0f", max) + ")");
        }
        return v;
    }

    /**
     * A date-time as nanoseconds since the epoch. Accepts {@code yyyy-MM-dd HH:mm:ss[.f...]} or the same with
     * {@code T} (up to 9 fraction digits; no zone means UTC), with a zone offset or {@code Z} (ISO-8601).
     */
    static long epochNanos(byte[] b, int from, int to, String what) {
        int s = trimStart(b, from, to);
        int e = trimEnd(b, s, to);
        if (s >= e) {
            throw new BadValue("empty value for " + what);
        }
        long fast = fastLocal(b, s, e);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        String text = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        Instant t;
        try {
            t = OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException ex1) {
            try {
                t = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ex2) {
                throw new BadValue("unparseable " + what + " '" + show(b, s, e)
                        + "' (expected yyyy-MM-dd HH:mm:ss[.fraction] or ISO-8601)");
            }
        }
        return nanos(t, text);
    }

    private static long nanos(Instant t, String text) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException ex) {
            throw new BadValue("timestamp out of range (years 1678..2261): '" + text + "'");
        }
    }

    /** Fast path for {@code yyyy-MM-dd[ T]HH:mm:ss[.fraction]}; Long.MIN_VALUE when the text has another shape. */
    private static long fastLocal(byte[] b, int s, int e) {
        int n = e - s;
        if (n < 19 || b[s + 4] != '-' || b[s + 7] != '-' || (b[s + 10] != ' ' && b[s + 10] != 'T')
                || b[s + 13] != ':' || b[s + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, s, 4);
        int month = digits(b, s + 5, 2);
        int day = digits(b, s + 8, 2);
        int hour = digits(b, s + 11, 2);
        int minute = digits(b, s + 14, 2);
        int second = digits(b, s + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Long.MIN_VALUE;
        }
        long frac = 0;
        if (n > 19) {
            if (b[s + 19] != '.' || n == 20 || n > 29) {
                return Long.MIN_VALUE;
            }
            int fd = digits(b, s + 20, n - 20);
            if (fd < 0) {
                return Long.MIN_VALUE;
            }
            frac = fd;
            for (int k = n - 20; k < 9; k++) {
                frac *= 10;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw new BadValue("invalid time of day in '" + show(b, s, e) + "'");
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException ex) {
            throw new BadValue("invalid date in '" + show(b, s, e) + "': " + ex.getMessage());
        }
        long secs = epochDay * 86_400L + hour * 3600L + minute * 60L + second;
        if (year < 1678 || year > 2261) {
            throw new BadValue("timestamp out of range (years 1678..2261): '" + show(b, s, e) + "'");
        }
        return secs * 1_000_000_000L + frac;
    }

    /** The value of {@code len} (at most 9) ASCII digits, or -1. */
    private static int digits(byte[] b, int from, int len) {
        if (len > 9) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + len; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}

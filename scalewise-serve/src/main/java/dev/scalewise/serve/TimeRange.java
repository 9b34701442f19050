package dev.scalewise.serve;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --range START..END}: each end an ISO-8601 instant ({@code 2026-11-30T00:00:00Z}), Unix seconds, {@code now}
 * or {@code now-N} with a unit {@code s}, {@code m}, {@code h} or {@code d} ({@code now-24h..now}).
 */
public record TimeRange(Instant start, Instant end) {
    private static final Pattern RELATIVE = Pattern.compile("now-(\\d{1,9})([smhd])");

    public TimeRange {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("--range: the end " + end + " must be after the start " + start);
        }
    }

    public static TimeRange parse(String text, Instant now) {
        int sep = text.indexOf("..");
        if (sep < 0) {
            throw new IllegalArgumentException("--range '" + text + "': expected START..END (e.g. now-24h..now)");
        }
        return new TimeRange(instant(text.substring(0, sep).trim(), now, text),
                instant(text.substring(sep + 2).trim(), now, text));
    }

    private static Instant instant(String s, Instant now, String whole) {
        if (s.equals("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        if (s.matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(s));
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--range '" + whole + "': '" + s
                    + "' is not an ISO-8601 instant, Unix seconds, now or now-N[smhd]");
        }
    }
}

package dev.scalewise.workload.format;

import java.util.Locale;

/** Header checks shared by the CSV readers. */
final class Header {
    private Header() {
    }

    /** Moves to the first non-blank line and returns its text; fails on an empty file. */
    static String first(LineCursor lines, String source) {
        while (lines.next()) {
            if (!lines.blank()) {
                return lines.text();
            }
        }
        throw new TraceReadException(source, 0, "empty file: no header and no data");
    }

    /** Reads the header and fails unless it equals {@code expected} (ignoring case and spaces around names). */
    static void expect(LineCursor lines, String source, String expected) {
        String got = first(lines, source);
        if (!normalize(got).equals(normalize(expected))) {
            throw new TraceReadException(source, lines.lineNumber(),
                    "wrong header: expected '" + expected + "', got '" + shorten(got) + "'");
        }
    }

    static String normalize(String header) {
        return header.replace("\"", "").replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}

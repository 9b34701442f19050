package dev.scalewise.workload.format;

import java.util.List;

/**
 * What a reader did with a file.
 *
 * @param source    the file (or source name) read
 * @param format    the format used
 * @param lines     lines (or, for one-line formats, values) examined
 * @param records   records accepted into the trace
 * @param skipped   malformed lines skipped in lenient mode (always 0 in strict mode)
 * @param firstSkips the first few skip reasons, as {@code file:line: reason}
 */
public record ReadReport(String source, TraceFormat format, long lines, long records, long skipped, List<String> firstSkips) {

    public ReadReport {
        firstSkips = List.copyOf(firstSkips);
    }

    /** One line for a terminal: records read and, when any, lines skipped. */
    public String summary() {
        String s = String.format("%s (%s): %,d records", source, format.id(), records);
        if (skipped > 0) {
            s += String.format(", %,d malformed line(s) skipped (lenient), first: %s", skipped, firstSkips.get(0));
        }
        return s;
    }
}

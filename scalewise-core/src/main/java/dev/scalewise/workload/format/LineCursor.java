package dev.scalewise.workload.format;

import java.nio.charset.StandardCharsets;

/** Walks the lines of a byte array (LF or CRLF; the last line may lack its newline), counting line numbers. */
final class LineCursor {
    private final byte[] b;
    private int pos;
    private long lineNumber;
    int start;
    int end;

    LineCursor(byte[] content) {
        this.b = content;
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            pos = 3; // UTF-8 byte order mark
        }
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() {
        if (pos >= b.length) {
            return false;
        }
        lineNumber++;
        start = pos;
        int i = pos;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        end = i;
        if (end > start && b[end - 1] == '\r') {
            end--;
        }
        pos = i + 1;
        return true;
    }

    long lineNumber() {
        return lineNumber;
    }

    boolean blank() {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    String text() {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    byte[] bytes() {
        return b;
    }

    /**
     * Splits the current line on commas into {@code bounds} (start, end pairs); returns the field count, or -1 when
     * the line has more fields than {@code bounds} holds.
     */
    int split(int[] bounds) {
        int n = 0;
        int fieldStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || b[i] == ',') {
                if (2 * n + 1 >= bounds.length) {
                    return -1;
                }
                bounds[2 * n] = fieldStart;
                bounds[2 * n + 1] = i;
                n++;
                fieldStart = i + 1;
            }
        }
        return n;
    }
}

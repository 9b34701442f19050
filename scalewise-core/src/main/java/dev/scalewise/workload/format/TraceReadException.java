package dev.scalewise.workload.format;

/**
 * A trace file could not be read: the message names the file, the line (when the problem is on one line) and the
 * reason, as {@code file:line: reason}. Unchecked so that it travels through streams and the command line, where it
 * is reported as a one-line error.
 */
public final class TraceReadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String reason;

    /**
     * @param file   the file (or source name) being read
     * @param line   1-based line number, or 0 when the problem is not on one line (empty file, broken archive)
     * @param reason what is wrong, in words
     */
    public TraceReadException(String file, long line, String reason) {
        this(file, line, reason, null);
    }

    public TraceReadException(String file, long line, String reason, Throwable cause) {
        super(escape(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason), cause);
        this.file = file;
        this.line = line;
        this.reason = escape(reason);
    }

    /**
     * {@code text} safe to print on a terminal: control characters (ESC, BEL, CR, ... but not the tab) and the
     * Unicode line and bidi controls become {@code &#92;xNN} / {@code &#92;u{NNNN}} escapes, so bytes echoed from a file
     * cannot move the cursor, retitle the window or clear the screen.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (control) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u{%04x}", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** The file (or source name) that failed. */
    public String file() {
        return file;
    }

    /** The 1-based line number, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** The reason alone, without file and line. */
    public String reason() {
        return reason;
    }
}

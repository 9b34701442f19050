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
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.reason = reason;
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

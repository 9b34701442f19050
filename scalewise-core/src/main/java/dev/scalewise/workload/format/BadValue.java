package dev.scalewise.workload.format;

/** A value in a line is malformed; the reader adds the file and line number. Internal to the readers. */
final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValue(String reason) {
        super(reason, null, false, false);
    }
}

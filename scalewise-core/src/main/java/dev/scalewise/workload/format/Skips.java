package dev.scalewise.workload.format;

import java.util.ArrayList;
import java.util.List;

/** Fails on a malformed line in strict mode, or counts and remembers it in lenient mode. */
final class Skips {
    private static final int KEPT = 5;

    private final String source;
    private final boolean lenient;
    private long skipped;
    private final List<String> first = new ArrayList<>();

    Skips(String source, boolean lenient) {
        this.source = source;
        this.lenient = lenient;
    }

    /** Strict: throws. Lenient: records the skip and returns. */
    void malformed(long line, String reason) {
        if (!lenient) {
            throw new TraceReadException(source, line, reason);
        }
        skipped++;
        if (first.size() < KEPT) {
            first.add(source + ":" + line + ": " + reason);
        }
    }

    long skipped() {
        return skipped;
    }

    List<String> first() {
        return first;
    }
}

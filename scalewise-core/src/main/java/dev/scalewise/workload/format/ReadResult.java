package dev.scalewise.workload.format;

import dev.scalewise.workload.Trace;

/**
 * A trace and the report of how it was read.
 *
 * @param trace  the trace at the format's native resolution
 * @param report lines, records and skips
 */
public record ReadResult(Trace trace, ReadReport report) {
}

/**
 * Trace file formats and their readers: each reader turns one file into a {@link dev.scalewise.workload.Trace} at the
 * format's native resolution, with a {@link dev.scalewise.workload.format.ReadReport} of what it read and skipped.
 *
 * <p>{@link dev.scalewise.workload.format.TraceFormat} is the registry (name to reader, and detection from a file);
 * malformed input fails with a {@link dev.scalewise.workload.format.TraceReadException} naming the file, the line and
 * the reason, or, in lenient mode, is skipped and counted.
 */
package dev.scalewise.workload.format;

package dev.scalewise.workload.format;

/** Turns the bytes of one trace file into a trace at the format's native resolution. */
public interface TraceReader {

    /**
     * Reads a whole (already decompressed) file.
     *
     * @param content the file's bytes
     * @param source  the file name used in error messages and as the default trace name
     * @param options strict or lenient, gap detection, name
     * @return the trace and a report
     * @throws TraceReadException on malformed input (naming file, line and reason)
     */
    ReadResult read(byte[] content, String source, ReadOptions options);
}

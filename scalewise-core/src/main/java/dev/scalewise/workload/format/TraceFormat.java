package dev.scalewise.workload.format;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The trace formats Scalewise reads: a registry of names to readers, and detection from a file's name and header. */
public enum TraceFormat {
    /** Whitespace-separated per-second counts (NASA-HTTP 1995 {@code workload.txt}, usually in a {@code .tbz2}). */
    COUNTS("counts", "per-second request counts separated by whitespace", CountSeriesReader::new),
    /** {@code period,count} per-minute CSV (WorldCup98 {@code invocation_count.csv}). */
    MINUTE_COUNT_CSV("minute-csv", "per-minute counts, header period,count", MinuteCountCsvReader::new),
    /** Azure LLM inference trace 2023: one request per row with prompt and output tokens. */
    AZURE_LLM_CSV("azure-llm", "per-request CSV, header TIMESTAMP,ContextTokens,GeneratedTokens", AzureLlmCsvReader::new),
    /** Mooncake FAST'25 JSON Lines: one request per line with input and output lengths. */
    MOONCAKE_JSONL("mooncake", "per-request JSON Lines with timestamp (ms), input_length, output_length", MooncakeJsonlReader::new),
    /** A user's CSV: a time column and a count or rate column, or one request per row. */
    GENERIC_CSV("csv", "CSV with a time column (timestamp or offset) and a count or rate column, or one request per row",
            GenericCsvReader::new);

    private final String id;
    private final String description;
    private final Supplier<TraceReader> factory;

    TraceFormat(String id, String description, Supplier<TraceReader> factory) {
        this.id = id;
        this.description = description;
        this.factory = factory;
    }

    /** Short name used on the command line ({@code --format}). */
    public String id() {
        return id;
    }

    /** One line saying what the format is. */
    public String description() {
        return description;
    }

    /** A new reader for this format. */
    public TraceReader reader() {
        return factory.get();
    }

    /** The format with the given {@link #id()} (or enum name), ignoring case. */
    public static TraceFormat byId(String id) {
        for (TraceFormat f : values()) {
            if (f.id.equalsIgnoreCase(id) || f.name().equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trace format '" + id + "'; known: "
                + Arrays.stream(values()).map(TraceFormat::id).collect(Collectors.joining(", ")));
    }

    /**
     * Detects the format of decompressed content from its (inner) file name and first line: {@code .jsonl} or a
     * leading {@code {} is Mooncake; a CSV whose header is {@code period,count} is the minute CSV, one whose header is
     * {@code TIMESTAMP,ContextTokens,GeneratedTokens} is Azure, any other CSV is generic; anything else starting with
     * a digit is a count series.
     */
    public static TraceFormat detect(String innerName, byte[] content) {
        String name = innerName.toLowerCase(Locale.ROOT);
        String head = firstLine(content);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || head.startsWith("{")) {
            return MOONCAKE_JSONL;
        }
        String h = Header.normalize(head);
        if (h.equals(Header.normalize(MinuteCountCsvReader.HEADER))) {
            return MINUTE_COUNT_CSV;
        }
        if (h.equals(Header.normalize(AzureLlmCsvReader.HEADER))) {
            return AZURE_LLM_CSV;
        }
        if (name.endsWith(".csv") || head.contains(",")) {
            return GENERIC_CSV;
        }
        return COUNTS;
    }

    private static String firstLine(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < b.length && (b[i] == '\n' || b[i] == '\r' || b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int e = i;
        while (e < b.length && e - i < 200 && b[e] != '\n' && b[e] != '\r') {
            e++;
        }
        return new String(b, i, e - i, StandardCharsets.ISO_8859_1).trim();
    }

    /** Reads a file (decompressing it), detecting its format. */
    public static ReadResult readFile(Path file, ReadOptions options) {
        Payload p = Payload.load(file);
        return detect(p.innerName(), p.bytes()).reader().read(p.bytes(), p.source(), options);
    }

    /** Reads a file (decompressing it) with this format. */
    public ReadResult read(Path file, ReadOptions options) {
        Payload p = Payload.load(file);
        return reader().read(p.bytes(), p.source(), options);
    }
}

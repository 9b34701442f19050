package dev.scalewise.workload;

import dev.scalewise.workload.format.ReadOptions;
import dev.scalewise.workload.format.ReadResult;
import dev.scalewise.workload.format.TraceFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Built-in real traces by name, found as files under a traces directory, and the way to get a {@link Trace} from a
 * name or a path ({@link #read}).
 *
 * <p>The directory is, in order: the {@code --traces-dir} option, the {@code SCALEWISE_TRACES_DIR} environment
 * variable, {@code ../shared/traces} relative to the working directory when it exists, and
 * {@code ~/.scalewise/traces}. Trace data is never part of the repository; {@link #fetch} downloads a missing one from
 * its original public source.
 */
public final class TraceCatalog {
    /** Environment variable naming the traces directory. */
    public static final String ENV = "SCALEWISE_TRACES_DIR";

    /**
     * A built-in trace.
     *
     * @param name         catalog name ({@code nasa-http-1995})
     * @param relativePath file path under the traces directory
     * @param format       its format
     * @param description  one line on what it is
     * @param source       where it comes from, with the citation the publisher asks for
     * @param license      the data's terms
     * @param url          the original public download location (pinned to a commit)
     * @param sha256       the file's SHA-256 (lower-case hex), checked after download
     * @param annotate     adds what the file cannot say (start time, known discontinuities) to a freshly read trace
     */
    public record Entry(String name, String relativePath, TraceFormat format, String description, String source,
                        String license, URI url, String sha256, UnaryOperator<Trace> annotate) {
    }

    private static final String GH = "https://raw.githubusercontent.com/";

    /** NASA: the index where the August log starts, the length of the known file, and the July-to-August jump. */
    static final int NASA_POINTS = 5_059_950;
    static final int NASA_AUGUST_INDEX = 2_381_544;
    static final int NASA_OUTAGE_INDEX = 2_435_065;

    private static final List<Entry> BUILT_IN = List.of(
            new Entry("nasa-http-1995", "nasa-http-1995/workload.tbz2", TraceFormat.COUNTS,
                    "NASA Kennedy Space Center WWW server, Jul-Aug 1995: requests per second (58.6 days, one 37.7 h outage)",
                    "NASA-HTTP logs (Internet Traffic Archive; Arlitt & Williamson, SIGMETRICS 1996), per-second counts from "
                            + "reconfigurable-ml-pipeline/web-service-datasets",
                    "ITA: freely redistributable; analyse general traffic patterns only",
                    URI.create(GH + "reconfigurable-ml-pipeline/web-service-datasets/7404ad6643602943511e75ab3095fb1ccc990fd1/dataset/nasa/workload.tbz2"),
                    "7fa62292d993dde1f278eaa039b50860203a86fbc93a8f92150a548191be4ded", TraceCatalog::annotateNasa),
            new Entry("worldcup98", "worldcup98/invocation_count.csv", TraceFormat.MINUTE_COUNT_CSV,
                    "1998 FIFA World Cup web site, 30 Apr - 26 Jul 1998: requests per minute (87 days, flash crowds)",
                    "WorldCup98 access logs (M. Arlitt and T. Jin, HP Labs, 1998; Internet Traffic Archive), per-minute counts "
                            + "from nimamahmoudi/worldcup98-dataset",
                    "ITA/HP: redistribute freely with WorldCup.html unmodified",
                    URI.create(GH + "nimamahmoudi/worldcup98-dataset/82460213f0d5a86fa57b6d4b0b5f260e606e713b/invocation_count.csv"),
                    "d05038f98af96f6fab054f90445e02a68f37fd00a79c23f45b9b48e5ec91fb8e", UnaryOperator.identity()),
            new Entry("azure-llm-conv-2023", "azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv", TraceFormat.AZURE_LLM_CSV,
                    "Azure LLM inference, conversation service, 16 Nov 2023: 19,366 requests with tokens (58 min)",
                    "Azure LLM inference trace 2023 (Patel et al., Splitwise, ISCA 2024; Microsoft Azure Public Dataset)",
                    "CC-BY 4.0",
                    URI.create(GH + "Azure/AzurePublicDataset/b469a113cedca53ddc3bdea71a143dc4b7d8700c/data/AzureLLMInferenceTrace_conv.csv"),
                    "2f1e5b666d4e3055fdbba98598ce2ec307767b9064e03e2fa46676dbcc7d0bf8", UnaryOperator.identity()),
            new Entry("azure-llm-code-2023", "azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv", TraceFormat.AZURE_LLM_CSV,
                    "Azure LLM inference, coding service, 16 Nov 2023: 8,819 bursty requests with tokens (57 min)",
                    "Azure LLM inference trace 2023 (Patel et al., Splitwise, ISCA 2024; Microsoft Azure Public Dataset)",
                    "CC-BY 4.0",
                    URI.create(GH + "Azure/AzurePublicDataset/b469a113cedca53ddc3bdea71a143dc4b7d8700c/data/AzureLLMInferenceTrace_code.csv"),
                    "54e9a6d2a4bd06ba1e060304b900abbc74cbea53de96506e60fe5bb4f2277fb6", UnaryOperator.identity()),
            new Entry("mooncake-conversation", "mooncake-kimi-fast25/conversation_trace.jsonl", TraceFormat.MOONCAKE_JSONL,
                    "Mooncake (Kimi) conversation workload: 12,031 requests with long prompts (59 min, arrivals quantized to ~3 s)",
                    "Mooncake FAST'25 trace release (Qin et al., USENIX FAST 2025), kvcache-ai/Mooncake",
                    "Apache-2.0 (repository license)",
                    URI.create(GH + "kvcache-ai/Mooncake/3b5a594133958449a1feaf1c9e0fc1b553e34a28/FAST25-release/traces/conversation_trace.jsonl"),
                    "b8cbb061a85206d729d91cdc2981f43c9e0d99209dce588d3af5f7934408b9df", UnaryOperator.identity()));

    private final Path directory;
    /** Catalog traces read by this catalog, by name, options, file size and time (a command often reads one twice). */
    private final Map<String, ReadResult> reads = new java.util.concurrent.ConcurrentHashMap<>();

    public TraceCatalog(Path directory) {
        this.directory = directory;
    }

    /** A catalog on the directory chosen by {@link #resolveDirectory} from this process's environment. */
    public static TraceCatalog fromEnvironment(String optionOrNull) {
        return new TraceCatalog(resolveDirectory(optionOrNull, System.getenv(), Path.of(""),
                Path.of(System.getProperty("user.home"))));
    }

    /**
     * The traces directory: {@code option} if given, else {@code env[SCALEWISE_TRACES_DIR]}, else
     * {@code workingDir/../shared/traces} when it is a directory, else {@code home/.scalewise/traces}.
     */
    public static Path resolveDirectory(String option, Map<String, String> env, Path workingDir, Path home) {
        if (option != null && !option.isBlank()) {
            return Path.of(option);
        }
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) {
            return Path.of(e);
        }
        Path shared = workingDir.toAbsolutePath().resolve("../shared/traces").normalize();
        if (Files.isDirectory(shared)) {
            return shared;
        }
        return home.resolve(".scalewise").resolve("traces");
    }

    public Path directory() {
        return directory;
    }

    /** The built-in traces. */
    public static List<Entry> entries() {
        return BUILT_IN;
    }

    /** The built-in trace called {@code name}. */
    public static Optional<Entry> entry(String name) {
        return BUILT_IN.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Where the file of {@code entry} lives in this catalog's directory. */
    public Path pathOf(Entry entry) {
        return directory.resolve(entry.relativePath());
    }

    /** True when the file of {@code entry} is present. */
    public boolean isAvailable(Entry entry) {
        return Files.isRegularFile(pathOf(entry));
    }

    /** The first built-in trace present, in catalog order (what {@code demo} uses when there is one). */
    public Optional<Entry> firstAvailable() {
        return BUILT_IN.stream().filter(this::isAvailable).findFirst();
    }

    /**
     * Reads a trace given by catalog name or by file path. A path's format is detected from its name and header
     * ({@link TraceFormat#detect}).
     *
     * @throws IllegalArgumentException when the name is unknown and no such file exists, or the catalog file is missing
     * @throws dev.scalewise.workload.format.TraceReadException on malformed data
     */
    public ReadResult read(String nameOrPath, ReadOptions options) {
        Optional<Entry> e = entry(nameOrPath);
        if (e.isPresent()) {
            Entry entry = e.get();
            Path file = pathOf(entry);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("trace '" + entry.name() + "' is not in " + directory + " (expected "
                        + file + "); run `scalewise traces fetch " + entry.name() + "`, or point --traces-dir / "
                        + ENV + " at a directory that has it");
            }
            String key;
            try {
                key = entry.name() + "|" + options + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            ReadResult done = reads.get(key);
            if (done != null) {
                return done; // traces are immutable
            }
            ReadResult r = entry.format().read(file, options.name() == null ? options.withName(entry.name()) : options);
            ReadResult annotated = new ReadResult(entry.annotate().apply(r.trace()), r.report());
            reads.put(key, annotated);
            return annotated;
        }
        Path file = Path.of(nameOrPath);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("unknown trace '" + nameOrPath + "': neither a catalog name ("
                    + BUILT_IN.stream().map(Entry::name).collect(Collectors.joining(", ")) + ") nor an existing file");
        }
        return TraceFormat.readFile(file, options);
    }

    /** {@link #read} with default (strict) options, returning the trace only. */
    public Trace resolve(String nameOrPath) {
        return read(nameOrPath, ReadOptions.DEFAULT).trace();
    }

    /** Reads a trace and describes it. */
    public TraceInfo info(String nameOrPath, ReadOptions options) {
        ReadResult r = read(nameOrPath, options);
        Optional<Entry> e = entry(nameOrPath);
        String file = e.map(en -> pathOf(en).toString()).orElse(nameOrPath);
        return new TraceInfo(r.trace(), e.map(Entry::source).orElse(file), file, r.report());
    }

    /**
     * Downloads the built-in trace {@code name} into this catalog's directory, checking its SHA-256.
     *
     * @param urlBase a mirror laid out like the traces directory ({@code urlBase/relativePath}), or null for the
     *                original source
     * @param force   download even when the file is already present
     * @return the file
     */
    public Path fetch(String name, String urlBase, boolean force, TraceFetcher fetcher) throws IOException {
        Entry entry = entry(name).orElseThrow(() -> new IllegalArgumentException("unknown trace '" + name + "'; known: "
                + BUILT_IN.stream().map(Entry::name).collect(Collectors.joining(", "))));
        Path target = pathOf(entry);
        if (!force && Files.isRegularFile(target)) {
            return target;
        }
        URI uri = urlBase == null || urlBase.isBlank() ? entry.url()
                : URI.create(urlBase.replaceAll("/+$", "") + "/" + entry.relativePath());
        fetcher.fetch(uri, target, entry.sha256());
        return target;
    }

    /**
     * NASA: the file has no timestamps. Element 0 is 1995-07-01 00:00:01 EDT; the August log follows the July log
     * (which ends on Jul 28) with no zeros in between, and the Hurricane Erin shutdown is a run of zeros.
     */
    private static Trace annotateNasa(Trace t) {
        if (t.length() != NASA_POINTS || t.stepSeconds() != 1) {
            return t;
        }
        List<Trace.Gap> gaps = new ArrayList<>();
        gaps.add(new Trace.Gap(NASA_AUGUST_INDEX, NASA_AUGUST_INDEX,
                "time discontinuity (about +-15 s): the July log ends 1995-07-28 13:32:25 EDT and the August log starts "
                        + "1995-08-01 00:00:01 EDT with nothing in between; wall-clock times after this step are nominal "
                        + "(start + index) and read 3 d 10 h 27 min early"));
        for (Trace.Gap g : t.gaps()) {
            gaps.add(g.fromStep() == NASA_OUTAGE_INDEX
                    ? new Trace.Gap(g.fromStep(), g.toStep(), "server shut down for Hurricane Erin, 1995-08-01 14:52 to "
                    + "1995-08-03 04:36 EDT (" + g.reason() + ")")
                    : g);
        }
        gaps.sort(java.util.Comparator.comparingInt(Trace.Gap::fromStep));
        return t.withStart(Instant.parse("1995-07-01T04:00:01Z")).withGaps(gaps);
    }
}

package dev.scalewise.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.TraceFetcher;
import dev.scalewise.workload.TraceInfo;
import dev.scalewise.workload.format.ReadOptions;
import dev.scalewise.workload.format.TraceFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalewise traces list | info NAME | fetch NAME}: the catalog of real workload traces. */
@Command(name = "traces", mixinStandardHelpOptions = true,
        description = "List, describe, slice and fetch workload traces.",
        subcommands = {TracesCommand.ListTraces.class, TracesCommand.Info.class, TracesCommand.Fetch.class})
public final class TracesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes {@code value} as JSON to {@code target} ("-" for standard output). */
    static void writeJson(Object value, String target, PrintWriter out) throws IOException {
        if ("-".equals(target)) {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } else {
            Path p = Path.of(target);
            if (p.toAbsolutePath().getParent() != null) {
                Files.createDirectories(p.toAbsolutePath().getParent());
            }
            JSON.writeValue(p.toFile(), value);
        }
    }

    /** {@code traces list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in traces and whether they are present.")
    static final class ListTraces implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--traces-dir", paramLabel = "DIR", description = "Traces directory (default: $SCALEWISE_TRACES_DIR, ../shared/traces, ~/.scalewise/traces).")
        String tracesDir;

        @Option(names = "--json", paramLabel = "FILE|-", description = "Also write the list as JSON.")
        String json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            TraceCatalog catalog = TraceCatalog.fromEnvironment(tracesDir);
            out.println("traces directory: " + catalog.directory().toAbsolutePath().normalize());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TraceCatalog.Entry e : TraceCatalog.entries()) {
                boolean present = catalog.isAvailable(e);
                out.printf(Locale.ROOT, "  %-22s %-8s %-11s %s%n", e.name(), present ? "present" : "missing", e.format().id(), e.description());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("present", present);
                m.put("format", e.format().id());
                m.put("file", catalog.pathOf(e).toString());
                m.put("description", e.description());
                m.put("source", e.source());
                m.put("license", e.license());
                m.put("url", e.url().toString());
                m.put("sha256", e.sha256());
                rows.add(m);
            }
            out.println("formats for your own files: " + String.join(", ",
                    java.util.Arrays.stream(TraceFormat.values()).map(TraceFormat::id).toList()) + " (see docs/traces.md)");
            out.flush();
            if (json != null) {
                Map<String, Object> top = new LinkedHashMap<>();
                top.put("traces_dir", catalog.directory().toString());
                top.put("traces", rows);
                writeJson(top, json, out);
            }
            return 0;
        }
    }

    /** {@code traces info NAME|PATH}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Read a trace and describe it: span, resolution, totals, mean and peak rate, gaps.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME|PATH", description = "A catalog name or a trace file.")
        String nameOrPath;

        @Mixin
        TraceOptions options;

        @Option(names = "--json", paramLabel = "FILE|-", description = "Write the description as JSON (- for standard output).")
        String json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            TraceCatalog catalog = options.catalog();
            TraceInfo raw = catalog.info(nameOrPath, ReadOptions.DEFAULT.withLenient(options.lenient));
            Trace t = options.transform(raw.trace());
            TraceInfo info = new TraceInfo(t, raw.source(), raw.file(), raw.report());
            Map<String, Object> m = info.toMap();
            if (json == null || !"-".equals(json)) {
                print(out, m, info);
            }
            if (json != null) {
                writeJson(m, json, out);
            }
            return 0;
        }

        private static void print(PrintWriter out, Map<String, Object> m, TraceInfo info) {
            out.printf(Locale.ROOT, "%s%n  source:      %s%n  file:        %s (%s)%n", m.get("name"), m.get("source"), m.get("file"), m.get("format"));
            out.printf(Locale.ROOT, "  span:        %s .. %s%n", m.get("start") == null ? "(relative time)" : m.get("start"),
                    m.get("end") == null ? String.format(Locale.ROOT, "+%.0f s", info.trace().durationSeconds()) : m.get("end"));
            out.printf(Locale.ROOT, "  resolution:  %s s, %,d points%n", m.get("resolution_s"), info.trace().length());
            out.printf(Locale.ROOT, "  requests:    %,.0f total, mean %.4g req/s, peak %.4g req/s, peak/mean %.3g%n",
                    info.trace().totalRequests(), info.trace().meanRate(), info.trace().peakRate(), info.trace().peakToMean());
            if (info.trace().tokens().isPresent()) {
                out.printf(Locale.ROOT, "  tokens:      mean %.1f prompt, %.1f output per request%n", info.meanPromptTokens(), info.meanOutputTokens());
            }
            out.printf(Locale.ROOT, "  read:        %s%n", info.report().summary());
            out.printf(Locale.ROOT, "  gaps:        %d%n", info.trace().gaps().size());
            for (Trace.Gap g : info.trace().gaps()) {
                out.printf(Locale.ROOT, "    steps %,d..%,d: %s%n", g.fromStep(), g.toStep(), g.reason());
            }
            out.flush();
        }
    }

    /** {@code traces fetch NAME}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a built-in trace from its original public source (needs the internet) and check its SHA-256.")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "A catalog name (see `traces list`).")
        String name;

        @Option(names = "--traces-dir", paramLabel = "DIR", description = "Where to store it (default: $SCALEWISE_TRACES_DIR, ../shared/traces, ~/.scalewise/traces).")
        String tracesDir;

        @Option(names = "--url-base", paramLabel = "URL", description = "Download from a mirror laid out like the traces directory instead.")
        String urlBase;

        @Option(names = "--force", description = "Download even when the file is present.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            TraceCatalog catalog = TraceCatalog.fromEnvironment(tracesDir);
            TraceCatalog.Entry e = TraceCatalog.entry(name).orElseThrow(() -> new IllegalArgumentException("unknown trace '" + name + "'"));
            if (!force && catalog.isAvailable(e)) {
                out.println(e.name() + " is already present: " + catalog.pathOf(e) + " (use --force to download again)");
                return 0;
            }
            Path p = catalog.fetch(name, urlBase, force, TraceFetcher.standard());
            out.printf(Locale.ROOT, "fetched %s to %s (%,d bytes, sha256 verified)%nlicense: %s; cite: %s%n",
                    e.name(), p, Files.size(p), e.license(), e.source());
            out.flush();
            return 0;
        }
    }
}

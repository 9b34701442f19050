package dev.scalewise.bench;

import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.format.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a whole catalog trace from its file (decompression included) and resampling it to 60 s steps. The target
 * (issue 5): NASA-HTTP 1995 under 1 s, WorldCup98 under 0.5 s. The traces directory comes from
 * {@code -Dscalewise.traces=DIR}, else the usual catalog resolution.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class TraceReadBenchmark {

    @Param({"nasa-http-1995", "worldcup98", "azure-llm-conv-2023", "mooncake-conversation"})
    public String trace;

    private TraceCatalog catalog;

    @Setup
    public void setUp() {
        String dir = System.getProperty("scalewise.traces");
        catalog = dir != null ? new TraceCatalog(Path.of(dir)) : TraceCatalog.fromEnvironment(null);
        Path file = catalog.pathOf(TraceCatalog.entry(trace).orElseThrow());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("trace file missing: " + file + " (set -Dscalewise.traces=DIR)");
        }
    }

    /** Read the file and resample to one-minute steps. */
    @Benchmark
    public Trace readAndResampleTo60s() {
        return catalog.read(trace, ReadOptions.DEFAULT).trace().resample(60);
    }
}

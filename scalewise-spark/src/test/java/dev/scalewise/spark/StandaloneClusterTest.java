package dev.scalewise.spark;

import dev.scalewise.sweep.CellResult;
import dev.scalewise.sweep.CellRunner;
import dev.scalewise.sweep.LocalEngine;
import dev.scalewise.sweep.ProgressListener;
import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepRun;
import dev.scalewise.sweep.SweepSpec;
import dev.scalewise.sweep.TraceSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sweeps on a real Spark standalone cluster: a Master and two Workers (2 cores each) as separate JVMs on loopback,
 * started from this module's test class path (Spark's own dependencies, Servlet 5), free ports, stopped afterwards
 * with their executors, also on failure. Both routes run the same spec and must give the local engine's results:
 * the in-process driver of {@code scalewise sweep --engine spark --master spark://...} (no settings but the
 * master: the engine ships the jars) and {@code spark-submit} of {@link SparkSweepMain} (a separate driver JVM,
 * killed mid-sweep and restarted, which must skip the finished cells).
 */
class StandaloneClusterTest {
    /** 8 cells, a few seconds each. */
    private static final String SPEC = """
            name: cluster
            fixed: {episodes: 20, workload.steps: 240, workload.periodSteps: 120}
            grid:
              agent: [q-learning, sarsa]
              workload: [default-diurnal, step]
            training_seeds: [1, 2]
            evaluation: {seeds: [11, 12]}
            """;

    @TempDir
    static Path tmp;
    private static final List<Process> started = new ArrayList<>();
    private static String masterUrl;
    private static String classPath;
    private static List<String> opens;

    @BeforeAll
    static void startCluster() throws Exception {
        classPath = System.getProperty("java.class.path");
        opens = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).toList();
        Path home = Files.createDirectories(tmp.resolve("spark-home/jars"));
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        try {
            start("master", home.getParent(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
            awaitPort(port);
            for (int w = 1; w <= 2; w++) {
                start("worker" + w, home.getParent(), "org.apache.spark.deploy.worker.Worker", masterUrl,
                        "--host", "127.0.0.1", "--port", String.valueOf(freePort()),
                        "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "1g",
                        "--work-dir", Files.createDirectories(tmp.resolve("work" + w)).toString());
            }
        } catch (Exception | AssertionError e) {
            stopCluster();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() {
        for (int i = started.size() - 1; i >= 0; i--) { // workers (and their executors) first, the master last
            Process p = started.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        started.clear();
    }

    private static Process start(String name, Path sparkHome, String mainClass, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(mainClass, args));
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        // executors the Worker launches get this class path (SPARK_HOME/jars is empty)
        pb.environment().put("SPARK_DIST_CLASSPATH", classPath);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(mainClass.contains("SparkSubmit") ? "-Xmx640m" : "-Xmx384m"); // the driver needs >= 450 MiB
        cmd.addAll(opens);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Master did not listen on " + port + ": " + log("master"));
    }

    private static String log(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Map<String, CellResult> untimed(List<CellResult> rs) {
        Map<String, CellResult> m = new TreeMap<>();
        rs.forEach(r -> m.put(r.id(), r.withoutTiming().withIndex(0)));
        return m;
    }

    private static Map<String, CellResult> recorded(Path dir) throws IOException {
        List<CellResult> rs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("cells"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                rs.add(CellResult.fromJson(Files.readString(f)));
            }
        }
        return untimed(rs);
    }

    private static long recordedCount(Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve("cells"))) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir.resolve("cells"))) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    private static List<CellResult> localResults(SweepSpec spec) {
        return new LocalEngine(2, new CellRunner(TraceSource.NONE)).run(spec.cells(n -> null), ProgressListener.NONE);
    }

    @Test
    void bothRoutesGiveTheLocalResultsAndAKilledDriverResumes() throws Exception {
        SweepSpec spec = SweepSpec.parse(SPEC, false);
        List<SweepCell> cells = spec.cells(n -> null);
        Map<String, CellResult> local = untimed(localResults(spec));
        assertThat(local).hasSize(8);

        // the command line's route: an in-process driver given nothing but the master URL
        Path cliOut = tmp.resolve("cli");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (SparkEngine engine = new SparkEngine(masterUrl, null)) {
            SweepRun.Result r = SweepRun.execute(spec, cells, engine, cliOut, (total, done) -> new ProgressListener() {
                @Override
                public void started(SweepCell cell) {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                }

                @Override
                public void finished(CellResult result) {
                    inFlight.decrementAndGet();
                }
            }, 0);
            assertThat(untimed(r.outcome().results())).isEqualTo(local);
            // two workers of 2 cores: 4 task slots once both executors registered
            assertThat(engine.slots()).isEqualTo(4);
        }
        assertThat(maxInFlight.get()).isEqualTo(4);

        // spark-submit of SparkSweepMain: killed once a cell is recorded, then restarted
        Path specFile = Files.writeString(tmp.resolve("cluster.yaml"), SPEC);
        Path submitOut = tmp.resolve("submit");
        List<String> jars = ClusterJars.find(classPath);
        String primary = jars.stream().filter(j -> isJarOf(j, SparkSweepMain.class)).findFirst().orElseThrow();
        List<String> others = jars.stream().filter(j -> !j.equals(primary)).toList();
        List<String> submit = new ArrayList<>(javaCommand("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
                "--class", SparkSweepMain.class.getName(), "--jars", String.join(",", others), primary,
                "--spec", specFile.toString(), "--out", submitOut.toString()));
        Process first = new ProcessBuilder(submit).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("submit1.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (recordedCount(submitOut) == 0 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        long afterKill = recordedCount(submitOut);
        assertThat(afterKill).as("cells recorded before the kill; log:\n" + log("submit1")).isBetween(1L, 7L);

        Process second = new ProcessBuilder(submit).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("submit2.log").toFile()).start();
        boolean ended = second.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = log("submit2");
        assertThat(ended).as(out).isTrue();
        assertThat(second.exitValue()).as(out).isZero();
        assertThat(out).contains("skipped " + afterKill + " already finished");
        // WARN logs: Spark's INFO start-up lines do not bury the progress
        assertThat(out).doesNotContain(" INFO ");
        assertThat(recorded(submitOut)).isEqualTo(local);
        assertThat(Files.readString(submitOut.resolve("sweep.md"))).isEqualTo(Files.readString(cliOut.resolve("sweep.md")));
    }

    private static boolean isJarOf(String jar, Class<?> c) {
        try (var f = new java.util.jar.JarFile(jar)) {
            return f.getEntry(c.getName().replace('.', '/') + ".class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void clusterConfigurationKeepsDriverOnlySettingsOffExecutors() {
        var conf = SparkEngine.conf(masterUrl);
        assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
        assertThat(conf.get("spark.metrics.conf.driver.sink.servlet.class"))
                .isEqualTo(HandlerlessMetricsServlet.class.getName());
        assertThat(conf.contains("spark.metrics.conf.*.sink.servlet.class")).isFalse();
        assertThat(conf.getAllWithPrefix("spark.executor.")).isEmpty();
        List<String> jars = List.of(conf.get("spark.jars").split(","));
        assertThat(jars).anyMatch(j -> isJarOf(j, SparkEngine.class)).anyMatch(j -> isJarOf(j, CellRunner.class))
                .anyMatch(j -> j.contains("fastcsv")).noneMatch(j -> j.contains("spark-core"))
                .allMatch(j -> new File(j).isFile());
        assertThat(SparkEngine.loopbackMaster("spark://10.0.0.5:7077")).isFalse();
        assertThat(SparkEngine.conf("spark://10.0.0.5:7077").contains("spark.driver.host")).isFalse();
    }
}

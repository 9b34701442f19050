package dev.scalewise.spark;

import dev.scalewise.sweep.CellResult;
import dev.scalewise.sweep.CellRunner;
import dev.scalewise.sweep.ProgressListener;
import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepEngine;
import dev.scalewise.sweep.TraceSource;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs sweep cells as Spark tasks. Cells travel as their canonical JSON, run {@link CellRunner} in an executor and
 * come back as result JSON, so nothing but strings is serialised and results are those of the local engine.
 *
 * <p>Each cell is its own one-task job, so each result is recorded as soon as it arrives (a killed sweep keeps
 * every finished cell). Driver threads keep as many cells in flight as the cluster has task slots
 * ({@code defaultParallelism}, asked again before each submission, so executors that register late, or come and go
 * under dynamic allocation, are used); on a cluster the engine first waits for an executor to register. A Spark job
 * that fails (an executor lost beyond Spark's retries, a class missing on the cluster) becomes that cell's failed
 * result, as a failing cell does on the local engine.
 *
 * <p>Catalog traces are read on the driver (through the {@link TraceSource}) and broadcast: executors need no
 * trace files. On a cluster the engine ships the application jars ({@link ClusterJars}) unless {@code spark.jars}
 * is set (as {@code spark-submit} does). Driver-only settings, for every master: UI off, no console progress bar,
 * log level WARN, and Spark's metrics servlet replaced by {@link HandlerlessMetricsServlet} on the driver instance
 * only ({@code spark.metrics.conf.driver.*}; executors keep Spark's own sink). {@code local} masters, and
 * {@code spark://} masters on a loopback address, bind the driver to 127.0.0.1. Settings given explicitly (system
 * properties, {@code spark-submit --conf}) win.
 */
public final class SparkEngine implements SweepEngine {
    /** How long a cluster driver waits for its first executor before scheduling anyway. */
    static final long EXECUTOR_WAIT_MS = 60_000;

    private final JavaSparkContext sc;
    private final boolean owned;
    private final TraceSource traces;

    /**
     * Starts an embedded or connected Spark context.
     *
     * @param master    the master URL; null: the one spark-submit set, else {@code local[*]}
     * @param tracesDir the trace catalog folder the driver reads (null: the default places)
     */
    public SparkEngine(String master, String tracesDir) {
        this(new JavaSparkContext(conf(master)), true, TraceSource.catalog(tracesDir));
    }

    /** Uses an existing context (not stopped by {@link #close}); traces are read on the driver from {@code traces}. */
    public SparkEngine(JavaSparkContext sc, TraceSource traces) {
        this(sc, false, traces);
    }

    private SparkEngine(JavaSparkContext sc, boolean owned, TraceSource traces) {
        this.sc = sc;
        this.owned = owned;
        this.traces = traces;
        sc.setLogLevel("WARN");
        if (!sc.isLocal()) {
            awaitExecutor();
        }
    }

    /** The configuration: the given master (or spark-submit's, or local[*]) with the driver-only settings. */
    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("scalewise-sweep");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        String m = conf.get("spark.master");
        boolean local = m.startsWith("local");
        if (local || loopbackMaster(m)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.log.level", "WARN");
        // The metrics servlet is only served by the UI (off). Not creating it keeps Spark's shaded Jetty off the
        // Servlet API, so Spark runs beside the dashboard's Jetty 12, which needs Servlet 6 (Spark's Jetty wants 5).
        // The driver instance only: an executor starts its metrics before it has the application's jars.
        conf.setIfMissing("spark.metrics.conf.driver.sink.servlet.class", HandlerlessMetricsServlet.class.getName());
        if (!local && !conf.contains("spark.jars")) {
            conf.set("spark.jars", String.join(",", ClusterJars.find(System.getProperty("java.class.path"))));
        }
        return conf;
    }

    /** Whether a {@code spark://} master URL names a loopback host (a cluster on this machine). */
    static boolean loopbackMaster(String master) {
        if (!master.startsWith("spark://")) {
            return false;
        }
        String host = URI.create(master.split(",")[0]).getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    /** Waits (up to {@link #EXECUTOR_WAIT_MS}) until an executor has registered, so slots are the cluster's. */
    private void awaitExecutor() {
        long deadline = System.nanoTime() + EXECUTOR_WAIT_MS * 1_000_000;
        // getExecutorInfos includes the driver
        while (sc.sc().statusTracker().getExecutorInfos().length < 2 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The task: cell JSON in, result JSON out; a catalog trace comes from the driver's broadcast. */
    static final class RunCell implements Function<String, String> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ShippedTrace> trace;

        RunCell(Broadcast<ShippedTrace> trace) {
            this.trace = trace;
        }

        @Override
        public String call(String cellJson) {
            TraceSource source = trace == null ? TraceSource.NONE : name -> trace.value().trace();
            return new CellRunner(source).run(SweepCell.fromJson(cellJson)).toJson();
        }
    }

    /** Task slots now: Spark's default parallelism (the registered executors' cores on a cluster). */
    int slots() {
        return Math.max(1, sc.defaultParallelism());
    }

    @Override
    public List<CellResult> run(List<SweepCell> cells, ProgressListener listener) {
        if (cells.isEmpty()) {
            return List.of();
        }
        Map<String, Broadcast<ShippedTrace>> shipped = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        for (SweepCell c : cells) {
            String w = c.workload();
            if (CellRunner.readsTrace(w) && !shipped.containsKey(w) && !unreadable.containsKey(w)) {
                try {
                    shipped.put(w, sc.broadcast(new ShippedTrace(traces.load(w))));
                } catch (RuntimeException e) {
                    unreadable.put(w, e.getClass().getName() + ": " + e.getMessage());
                }
            }
        }
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sweep-spark-driver-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        int[] inFlight = {0};
        try {
            List<Future<CellResult>> futures = new ArrayList<>();
            for (SweepCell c : cells) {
                synchronized (lock) {
                    while (inFlight[0] >= slots()) {
                        lock.wait(500);
                    }
                    inFlight[0]++;
                }
                futures.add(pool.submit(() -> {
                    try {
                        listener.started(c);
                        CellResult r = runCell(c, shipped.get(c.workload()), unreadable.get(c.workload()));
                        listener.finished(r);
                        return r;
                    } finally {
                        synchronized (lock) {
                            inFlight[0]--;
                            lock.notifyAll();
                        }
                    }
                }));
            }
            List<CellResult> results = new ArrayList<>(cells.size());
            for (Future<CellResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sweep-spark-driver failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            shipped.values().forEach(b -> b.destroy(false));
        }
    }

    /** One cell as a one-task job; a failed job (or an unreadable trace) is the cell's failed result. */
    private CellResult runCell(SweepCell c, Broadcast<ShippedTrace> trace, String traceError) {
        long t0 = System.nanoTime();
        if (traceError != null) {
            return CellResult.failed(c, traceError, 0);
        }
        try {
            sc.setJobDescription("sweep cell " + c.index());
            String json = sc.parallelize(List.of(c.toJson()), 1).map(new RunCell(trace)).collect().get(0);
            return CellResult.fromJson(json).withIndex(c.index());
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return CellResult.failed(c, "spark job failed: " + e.getClass().getName() + ": " + msg,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + ", " + slots() + " slots";
    }

    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }
}

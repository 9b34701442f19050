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

import java.util.List;

/**
 * Runs sweep cells as Spark tasks. Cells travel as their canonical JSON, run {@link CellRunner} in an executor and
 * come back as result JSON, so nothing but strings is serialised and results are those of the local engine.
 *
 * <p>Each cell is its own one-task job, submitted from a pool of driver threads as large as Spark's default
 * parallelism: Spark runs them concurrently, and each result is recorded as soon as it arrives (a killed sweep
 * keeps every finished cell), instead of all at once after one big collect.
 *
 * <p>Embedded use ({@code local[...]} masters) binds the driver to 127.0.0.1 and turns the web UI off. Under
 * {@code spark-submit} the master and every other setting come from the submission.
 */
public final class SparkEngine implements SweepEngine {
    private final JavaSparkContext sc;
    private final boolean owned;
    private final String tracesDir;

    /**
     * Starts an embedded or connected Spark context.
     *
     * @param master    the master URL; null: the one spark-submit set, else {@code local[*]}
     * @param tracesDir the trace catalog folder executors read (null: the default places)
     */
    public SparkEngine(String master, String tracesDir) {
        this(new JavaSparkContext(conf(master)), true, tracesDir);
    }

    /** Uses an existing context (not stopped by {@link #close}). */
    public SparkEngine(JavaSparkContext sc, String tracesDir) {
        this(sc, false, tracesDir);
    }

    private SparkEngine(JavaSparkContext sc, boolean owned, String tracesDir) {
        this.sc = sc;
        this.owned = owned;
        this.tracesDir = tracesDir;
        sc.setLogLevel("WARN");
    }

    /** The configuration: the given master (or spark-submit's, or local[*]); local masters bind to 127.0.0.1. */
    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("scalewise-sweep");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
            // The metrics servlet is only served by the UI (off). Not creating it keeps Spark's shaded Jetty off the
            // Servlet API, so Spark runs beside the dashboard's Jetty 12, which needs Servlet 6 (Spark's Jetty wants 5).
            conf.setIfMissing("spark.metrics.conf.*.sink.servlet.class", HandlerlessMetricsServlet.class.getName());
        }
        return conf;
    }

    /** The task: cell JSON in, result JSON out. */
    static final class RunCell implements Function<String, String> {
        private static final long serialVersionUID = 1L;
        private final String tracesDir;

        RunCell(String tracesDir) {
            this.tracesDir = tracesDir;
        }

        @Override
        public String call(String cellJson) {
            return new CellRunner(TraceSource.catalog(tracesDir)).run(SweepCell.fromJson(cellJson)).toJson();
        }
    }

    @Override
    public List<CellResult> run(List<SweepCell> cells, ProgressListener listener) {
        // One small Spark job per cell, submitted from as many driver threads as Spark has slots, so results are
        // recorded as they arrive.
        RunCell task = new RunCell(tracesDir);
        return SweepEngine.runOnThreads(cells, sc.defaultParallelism(), "sweep-spark-driver", listener, c -> {
            sc.setJobDescription("sweep cell " + c.index());
            String json = sc.parallelize(List.of(c.toJson()), 1).map(task).collect().get(0);
            return CellResult.fromJson(json).withIndex(c.index());
        });
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + ", " + sc.defaultParallelism() + " slots";
    }

    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }
}

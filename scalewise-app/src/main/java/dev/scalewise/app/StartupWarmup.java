package dev.scalewise.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.run.Provenance;
import dev.scalewise.run.RunDirectory;
import java.util.Set;

/**
 * Jackson's first use, ahead, on a thread of its own while picocli parses the command line: the run folder's JSON
 * mapper is made (its class initialisation) and a training spec and a provenance are written and read once, so that
 * the serializers and deserializers of those records are introspected and cached in the mapper that
 * {@link RunDirectory#writeJson} uses. A command that writes a run folder otherwise does all of that on its main
 * thread before its first step (about a tenth of a second under C1, docs/performance.md). It writes nothing and
 * changes no output: a mapper's caches change how fast it writes, not what.
 */
final class StartupWarmup {
    /** The commands that write a run folder's JSON first thing. */
    static final Set<String> COMMANDS = Set.of("train", "demo", "compare", "sweep");
    /** Those of them that draw charts last: the warm-up draws one small chart into memory too. */
    static final Set<String> CHARTS = Set.of("demo", "compare");

    private StartupWarmup() {
    }

    /**
     * Starts the warm-up when {@code args} name one of {@link #COMMANDS} (not its help or version), unless the
     * system property {@code scalewise.warmup} is {@code false} (to time a command without it).
     *
     * @return the warm-up's thread, or null when none was started
     */
    static Thread startFor(String[] args) {
        if (args.length == 0 || !COMMANDS.contains(args[0])
                || "false".equals(System.getProperty("scalewise.warmup"))) {
            return null;
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
                return null;
            }
        }
        boolean charts = CHARTS.contains(args[0]);
        Thread t = new Thread(() -> run(charts), "warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    static void run(boolean charts) {
        try {
            ObjectMapper json = RunDirectory.json();
            json.writeValueAsBytes(TrainSpec.seedA());
            byte[] p = json.writeValueAsBytes(new Provenance("warm-up", "unknown", "", "", "", null, 0, 0));
            json.readValue(p, Provenance.class);
            if (charts) {
                dev.scalewise.app.charts.ChartWarmup.drawOne();
            }
        } catch (Exception | LinkageError e) {
            // best effort: the command's own first use does the same work and reports any error
        }
    }
}

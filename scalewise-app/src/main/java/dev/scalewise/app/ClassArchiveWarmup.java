package dev.scalewise.app;

import java.nio.file.Path;

/**
 * What the launcher runs once after each build to make its AppCDS archive ({@code -XX:ArchiveClassesAtExit}, a
 * JDK 17 dynamic archive): the commands users run most, at tiny sizes, one after the other in one JVM, so that the
 * archive holds the classes of training (both seed presets), comparing (the baselines, the oracle, the charts) and
 * the demo (training, comparison, explanations, report). A class in the archive is mapped at start instead of
 * being read from the jar, parsed and verified (docs/performance.md). Not a user command: nothing here changes
 * what any command computes.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=A.jsa -cp scalewise-app.jar dev.scalewise.app.ClassArchiveWarmup
 * SCRATCH_DIR}; the run folders go under {@code SCRATCH_DIR}, which the caller deletes. Exits with the first
 * failing command's status.
 */
public final class ClassArchiveWarmup {
    private ClassArchiveWarmup() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ClassArchiveWarmup SCRATCH_DIR");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Main.disableGroovyClosures();
        Path dir = Path.of(args[0]);
        String[][] commands = {
            {"--help"},
            {"train", "--preset", "seed-a", "--episodes", "2", "--checkpoint-every", "0", "--out", dir.resolve("a").toString()},
            {"train", "--preset", "seed-b", "--episodes", "1", "--out", dir.resolve("b").toString()},
            {"compare", "--steps", "120", "--seeds", "1", "--history-steps", "120", "--out", dir.resolve("c").toString()},
            {"demo", "--quick", "--trace", "synthetic", "--episodes", "2", "--out", dir.resolve("d").toString()},
        };
        for (String[] command : commands) {
            int code = Main.newCommandLine().execute(command);
            if (code != 0) {
                System.err.println("ClassArchiveWarmup: '" + String.join(" ", command) + "' exited with " + code);
                System.exit(code);
            }
        }
        System.exit(0);
    }
}

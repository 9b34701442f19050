package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scalewise.run.AtomicFiles;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.run.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders under kills (a simulated crash at every file operation) and concurrent writers. */
class TrainerCrashTest {
    private static final List<String> REPRODUCIBLE = List.of(RunDirectory.STEPS, RunDirectory.EPISODES,
            RunDirectory.MODEL);

    /** Six two-hour episodes, a checkpoint every two. */
    private static TrainSpec spec() {
        return TrainerTest.small().withEpisodes(6).withCheckpointEvery(2);
    }

    private static long countOperations(ThrowingRunnable r) throws Exception {
        AtomicFiles.crashAtOperation(0);
        try {
            r.run();
            return AtomicFiles.operationsSoFar();
        } finally {
            AtomicFiles.stopFaultInjection();
        }
    }

    private static Throwable crashAt(long n, ThrowingRunnable r) {
        AtomicFiles.crashAtOperation(n);
        try {
            return catchThrowable(r::run);
        } finally {
            AtomicFiles.stopFaultInjection();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Resumes a crashed run and checks it ended exactly like {@code ref}, or was refused for a stated reason. */
    private static void recoverAndCompare(Path dir, Path ref, String what) throws Exception {
        if (!Files.exists(dir.resolve(RunDirectory.SPEC))) {
            // killed before the run existed: nothing to resume, and resume says so
            assertThatThrownBy(() -> Trainer.resume(dir, Trainer.Options.quiet())).as(what)
                    .hasMessageContaining("is not a Scalewise run folder");
            return;
        }
        Throwable t = catchThrowable(() -> Trainer.resume(dir, Trainer.Options.quiet()));
        if (t != null) {
            assertThat(t).as(what).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already complete");
        }
        for (String f : REPRODUCIBLE) {
            assertThat(Files.readAllBytes(dir.resolve(f))).as(what + ": " + f).isEqualTo(Files.readAllBytes(ref.resolve(f)));
        }
        assertThat(dir.resolve(RunDirectory.SUMMARY)).as(what).exists();
        assertThat(RunDirectory.open(dir).readTree(RunDirectory.PROVENANCE).get("endTime").isNull()).as(what).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as(what + ": leftovers")
                    .containsExactly(RunLock.FILE, RunDirectory.EPISODES, RunDirectory.MODEL, RunDirectory.PROVENANCE,
                            RunDirectory.SPEC, RunDirectory.STEPS, RunDirectory.SUMMARY);
        }
    }

    @Test
    void aCrashAtEveryFileOperationOfTrainingResumesToTheUninterruptedFiles(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        Trainer.train(spec(), ref, Trainer.Options.quiet());
        long ops = countOperations(() -> Trainer.train(spec(), tmp.resolve("count"), Trainer.Options.quiet()));
        assertThat(ops).isGreaterThan(20);
        System.out.printf("training: a crash at each of its %d file operations, each resumed%n", ops);
        for (long n = 1; n <= ops; n++) {
            Path dir = tmp.resolve("crash-" + n);
            Throwable t = crashAt(n, () -> Trainer.train(spec(), dir, Trainer.Options.quiet()));
            assertThat(t).as("crash " + n).isInstanceOf(AtomicFiles.SimulatedCrash.class);
            recoverAndCompare(dir, ref, "training killed at file operation " + n + " (" + t.getMessage() + ")");
        }
    }

    @Test
    void aCrashAtEveryFileOperationOfAResumeResumesAgainToTheUninterruptedFiles(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        Trainer.train(spec(), ref, Trainer.Options.quiet());
        Trainer.Options stopAt3 = Trainer.Options.quiet().withStopAfterEpisodes(3);
        Trainer.train(spec(), tmp.resolve("count"), stopAt3);
        long ops = countOperations(() -> Trainer.resume(tmp.resolve("count"), Trainer.Options.quiet()));
        assertThat(ops).isGreaterThan(10);
        System.out.printf("resume: a crash at each of its %d file operations, each resumed again%n", ops);
        for (long n = 1; n <= ops; n++) {
            Path dir = tmp.resolve("crash-" + n);
            Trainer.train(spec(), dir, stopAt3);
            Throwable t = crashAt(n, () -> Trainer.resume(dir, Trainer.Options.quiet()));
            assertThat(t).as("crash " + n).isInstanceOf(AtomicFiles.SimulatedCrash.class);
            recoverAndCompare(dir, ref, "resume killed at file operation " + n + " (" + t.getMessage() + ")");
        }
    }

    @Test
    void aCheckpointModelThatIsNotTheManifestsIsRefused(@TempDir Path tmp) throws Exception {
        Trainer.train(spec(), tmp, Trainer.Options.quiet().withStopAfterEpisodes(5));
        // the manifest names checkpoint-4.qtable; put the model of episode 2 of another run in its place
        Path other = tmp.resolve("other");
        Trainer.train(spec(), other, Trainer.Options.quiet().withStopAfterEpisodes(3));
        Files.copy(other.resolve("checkpoint-2.qtable"), tmp.resolve("checkpoint-4.qtable"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Trainer.resume(tmp, Trainer.Options.quiet()))
                .hasMessage(tmp.resolve("checkpoint-4.qtable") + " does not match the checksum in checkpoint.json; "
                        + "cannot resume");
        // a manifest without a checksum (older format) is still checked against the model's episode count
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) RunDirectory.open(tmp)
                .readTree(RunDirectory.CHECKPOINT);
        manifest.remove("model_sha256");
        Files.write(tmp.resolve(RunDirectory.CHECKPOINT), RunDirectory.json().writeValueAsBytes(manifest));
        assertThatThrownBy(() -> Trainer.resume(tmp, Trainer.Options.quiet()))
                .hasMessage(tmp.resolve("checkpoint-4.qtable") + " holds a model of 2 episodes but checkpoint.json "
                        + "records 4; cannot resume");
    }

    @Test
    void twoConcurrentTrainingsIntoOneFolderOneWinsTheOtherIsRefused(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        Trainer.train(spec(), ref, Trainer.Options.quiet());
        for (int round = 0; round < 3; round++) {
            Path dir = tmp.resolve("shared-" + round);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Trainer.Result>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        return Trainer.train(spec(), dir, Trainer.Options.quiet());
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Trainer.Result> f : runs) {
                    try {
                        assertThat(f.get().completed()).isTrue();
                        won++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause().getMessage()).matches("run folder .* (is in use by pid \\d+ on host .*"
                                + "|already holds a run; use --resume or another --out)");
                    }
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            for (String f : REPRODUCIBLE) {
                assertThat(Files.readAllBytes(dir.resolve(f))).as(f).isEqualTo(Files.readAllBytes(ref.resolve(f)));
            }
        }
    }

    @Test
    void aRunBeingWrittenCannotBeResumedAtTheSameTime(@TempDir Path tmp) throws Exception {
        Trainer.train(spec(), tmp, Trainer.Options.quiet().withStopAfterEpisodes(3));
        try (RunLock held = RunLock.acquire(tmp)) {
            assertThatThrownBy(() -> Trainer.resume(tmp, Trainer.Options.quiet()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in use by pid");
        }
        assertThat(Trainer.resume(tmp, Trainer.Options.quiet()).completed()).isTrue();
    }

    @Test
    void aCheckpointCostsTheSameAtEveryEpisodeSoCheckpointingEveryEpisodeStaysLinear(@TempDir Path tmp) throws Exception {
        TrainSpec every = spec().withEpisodes(40).withCheckpointEvery(1);
        Trainer.train(every, tmp.resolve("early"), Trainer.Options.quiet().withStopAfterEpisodes(3));
        Trainer.train(every, tmp.resolve("late"), Trainer.Options.quiet().withStopAfterEpisodes(39));
        long early = Files.size(tmp.resolve("early").resolve(RunDirectory.CHECKPOINT));
        long late = Files.size(tmp.resolve("late").resolve(RunDirectory.CHECKPOINT));
        // no list that grows with the episodes: only the numbers' digits differ
        assertThat(late - early).isLessThan(16);
        try (var files = Files.list(tmp.resolve("late"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".qtable")).toList())
                    .containsExactly("checkpoint-39.qtable");
        }
        assertThat(Trainer.resume(tmp.resolve("late"), Trainer.Options.quiet()).completed()).isTrue();
        Trainer.train(every, tmp.resolve("whole"), Trainer.Options.quiet());
        for (String f : REPRODUCIBLE) {
            assertThat(Files.readAllBytes(tmp.resolve("late").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("whole").resolve(f)));
        }
    }
}

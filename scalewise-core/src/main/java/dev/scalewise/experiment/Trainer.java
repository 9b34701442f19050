package dev.scalewise.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalewise.agent.Agent;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import dev.scalewise.agent.StateEncoder;
import dev.scalewise.env.Environment;
import dev.scalewise.env.StepBuffer;
import dev.scalewise.env.StepInfo;
import dev.scalewise.env.StepResult;
import dev.scalewise.metrics.KpiAccumulator;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.run.AtomicFiles;
import dev.scalewise.run.Provenance;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.run.RunLock;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains an agent from a {@link TrainSpec} into a run folder ({@link RunDirectory}), with checkpoints and
 * resume.
 *
 * <p>Reproducibility: {@code steps.csv}, {@code episodes.csv} and the model depend only on the spec (seed
 * included): they hold no wall-clock value, numbers are written with Java's shortest round-trip form. Wall-clock
 * times go to {@code provenance.json} and {@code summary.json} only.
 *
 * <p>Checkpoints: every {@code checkpointEvery} episodes the CSV logs are flushed and their lengths recorded with
 * the exploration generator's state; the tables go to {@code checkpoint-<episodes>.qtable}, then the manifest
 * {@code checkpoint.json}, written last, names that file with its SHA-256, and only then the previous checkpoint's
 * model is deleted. So the manifest always names a complete model of its own episode; {@link #resume} verifies the
 * checksum and the model's {@code episodes_trained}, refuses a mismatch, reads the episode returns back from
 * {@code episodes.csv}, cuts the logs back to the recorded lengths and continues; the episode loop keeps no other
 * state across episodes (each episode resets the environment from its own seed, and epsilon is a function of the
 * episode). A killed run thus ends with the same files as an uninterrupted one, wherever the kill fell (tested by
 * killing at every file operation, {@link dev.scalewise.run.AtomicFiles#crashAtOperation}).
 * While training the logs are named {@code *.csv.part}; they are renamed when the run completes, then
 * {@code summary.json} marks it complete and the checkpoint files are deleted.
 *
 * <p>A run holds its folder's {@link RunLock} from start to end: a second training or resume of the same folder
 * is refused while the first runs.
 */
public final class Trainer {
    private static final String PART = ".part";

    private Trainer() {
    }

    /**
     * How to train (not part of the spec: nothing here changes the results).
     *
     * @param progress          where progress goes (null: nowhere)
     * @param interactive       a terminal: a redrawn progress bar; otherwise a plain line every ~10%
     * @param traces            resolves workloads of kind {@code trace}
     * @param stopAfterEpisodes stop abruptly after this many episodes in total, as if killed (0: never); for tests
     */
    public record Options(PrintStream progress, boolean interactive, Scenarios.TraceResolver traces,
                          int stopAfterEpisodes) {
        public static Options quiet() {
            return new Options(null, false, Scenarios.NO_TRACES, 0);
        }

        public Options withTraces(Scenarios.TraceResolver t) {
            return new Options(progress, interactive, t, stopAfterEpisodes);
        }

        public Options withStopAfterEpisodes(int n) {
            return new Options(progress, interactive, traces, n);
        }
    }

    /**
     * What a training produced.
     *
     * @param runDir          the run folder (null for in-memory training)
     * @param completed       false when stopped early ({@link Options#stopAfterEpisodes})
     * @param episodes        episodes trained in total
     * @param steps           environment steps in total
     * @param finalEpsilon    epsilon of the last episode
     * @param meanReturnLast50 mean return of the last 50 episodes (fewer when fewer)
     * @param wallSeconds     wall-clock seconds spent training (all sessions of a resumed run)
     * @param returns         every episode's return
     * @param agent           the trained agent
     * @param encoder         its state encoder
     */
    public record Result(Path runDir, boolean completed, int episodes, long steps, double finalEpsilon,
                         double meanReturnLast50, double wallSeconds, double[] returns, Agent agent,
                         StateEncoder encoder) {
        /** The frozen greedy policy. */
        public GreedyPolicy policy() {
            return agent.greedy(encoder);
        }

        /** The fields of {@code summary.json} ({@code CLI.md}). */
        public Map<String, Object> summary(TrainSpec spec) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("episodes", episodes);
            m.put("steps", steps);
            m.put("final_epsilon", finalEpsilon);
            m.put("mean_return_last_50", meanReturnLast50);
            m.put("wall_seconds", wallSeconds);
            m.put("steps_per_second", wallSeconds > 0 ? steps / wallSeconds : 0);
            m.put("agent", spec.agent());
            m.put("reward", spec.reward());
            m.put("env", spec.scenario().env());
            m.put("seed", spec.seed());
            m.put("states", encoder.size());
            m.put("model", RunDirectory.MODEL);
            return m;
        }
    }

    /**
     * The checkpoint's manifest ({@code checkpoint.json}).
     *
     * @param model       the checkpoint's model file (null in checkpoints of older versions: {@code checkpoint.qtable})
     * @param modelSha256 its SHA-256 (hex; null in older checkpoints)
     * @param returns     the episode returns (older checkpoints only; now read back from {@code episodes.csv})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Checkpoint(@JsonProperty("episodes_done") int episodesDone,
                      @JsonProperty("exploration_rng_state") long rngState,
                      @JsonProperty("steps_csv_bytes") long stepsBytes,
                      @JsonProperty("episodes_csv_bytes") long episodesBytes,
                      @JsonProperty("total_steps") long totalSteps,
                      @JsonProperty("wall_seconds") double wallSeconds,
                      @JsonProperty("model") String model,
                      @JsonProperty("model_sha256") String modelSha256,
                      @JsonProperty("returns") List<Double> returns) {
    }

    /** Trains in memory only (no files, no listener): what the benchmark measures. */
    public static Result trainInMemory(TrainSpec spec, Scenarios.TraceResolver traces) {
        StateEncoder encoder = spec.newEncoder();
        Agent agent = spec.newAgent();
        Environment env = Scenarios.environment(spec.scenario(), spec.newReward(), traces);
        TrainingLoop loop = new TrainingLoop(env, encoder, agent, spec.exploration(), spec.seed());
        double[] returns = new double[spec.episodes()];
        long t0 = System.nanoTime();
        long steps = loop.run(0, spec.episodes(), new TrainingLoop.Listener() {
            @Override
            public void onStep(int episode, int state, int action, StepBuffer step) {
                // nothing: the default would copy the buffer into records for onStep(StepResult)
            }

            @Override
            public void onEpisodeEnd(int episode, double episodeReturn, int n, double epsilon) {
                returns[episode] = episodeReturn;
            }
        });
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Result(null, true, spec.episodes(), steps, spec.exploration().epsilon(spec.episodes() - 1),
                meanLast(returns, returns.length, 50), wall, returns, agent, encoder);
    }

    /** Trains {@code spec} into a new run folder {@code dir}, holding its lock. */
    public static Result train(TrainSpec spec, Path dir, Options options) throws IOException {
        // everything that can refuse the spec (workload, trace, forecaster) before the folder exists: no orphan folder
        Environment env = Scenarios.environment(spec.scenario(), spec.newReward(), options.traces());
        RunDirectory run = RunDirectory.create(dir);
        try (RunLock lock = RunLock.acquire(dir)) {
            noteTakeOver(lock, dir, options);
            if (run.has(RunDirectory.SPEC)) {
                throw new IllegalArgumentException("run folder " + dir + " already holds a run; use --resume or another "
                        + "--out");
            }
            run.deleteTemporaryFiles();
            run.writeJson(RunDirectory.SPEC, spec);
            run.writeJson(RunDirectory.PROVENANCE, Provenance.start(spec.seed()));
            Checkpoint start = new Checkpoint(0, Seeds.stream(spec.seed(), "exploration").state(), 0, 0, 0, 0, null,
                    null, null);
            return run(run, spec, start, null, new double[spec.episodes()], env, options);
        }
    }

    /**
     * Continues a killed run from its last checkpoint (from the start when it has none), holding its lock. A run
     * that completed is refused ("already complete") after its leftovers (checkpoint files, temporary files) are
     * deleted and its provenance is ended.
     */
    public static Result resume(Path dir, Options options) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        if (!run.has(RunDirectory.SPEC)) {
            throw new IllegalArgumentException(dir + " has no " + RunDirectory.SPEC + "; cannot resume");
        }
        try (RunLock lock = RunLock.acquire(dir)) {
            noteTakeOver(lock, dir, options);
            run.deleteTemporaryFiles();
            if (run.has(RunDirectory.SUMMARY) && run.has(RunDirectory.MODEL)) {
                finish(run, null);
                throw new IllegalArgumentException("run " + dir + " is already complete");
            }
            TrainSpec spec = run.readJson(RunDirectory.SPEC, TrainSpec.class);
            // a kill after the logs were renamed, before summary.json: the data is all there, under the final names
            for (String log : List.of(RunDirectory.STEPS, RunDirectory.EPISODES)) {
                if (!run.has(log + PART) && run.has(log)) {
                    RunDirectory.moveAtomically(run.file(log), run.file(log + PART));
                }
            }
            Checkpoint cp;
            ModelFile.SavedModel model = null;
            double[] returns = new double[spec.episodes()];
            if (run.has(RunDirectory.CHECKPOINT)) {
                cp = run.readJson(RunDirectory.CHECKPOINT, Checkpoint.class);
                model = verifiedCheckpointModel(run, cp);
                deleteCheckpointModels(run, cp.model());
                if (cp.returns() != null) {
                    for (int i = 0; i < cp.returns().size(); i++) {
                        returns[i] = cp.returns().get(i);
                    }
                } else {
                    readReturns(run.file(RunDirectory.EPISODES + PART), cp.episodesBytes(), cp.episodesDone(), returns);
                }
            } else {
                cp = new Checkpoint(0, Seeds.stream(spec.seed(), "exploration").state(), 0, 0, 0, 0, null, null, null);
                deleteCheckpointModels(run, null);
            }
            Provenance prov = run.has(RunDirectory.PROVENANCE) ? run.readJson(RunDirectory.PROVENANCE, Provenance.class)
                    : Provenance.start(spec.seed());
            run.writeJson(RunDirectory.PROVENANCE, prov.resumed());
            return run(run, spec, cp, model, returns,
                    Scenarios.environment(spec.scenario(), spec.newReward(), options.traces()), options);
        }
    }

    private static void noteTakeOver(RunLock lock, Path dir, Options options) {
        if (lock.tookOverFrom() != null && options.progress() != null) {
            options.progress().println("note: took over the lock of " + dir + " from " + lock.tookOverFrom()
                    + ", which has ended");
        }
    }

    /** The model a checkpoint manifest names, after checking that it is the one the manifest was written for. */
    private static ModelFile.SavedModel verifiedCheckpointModel(RunDirectory run, Checkpoint cp) throws IOException {
        String name = cp.model() == null ? RunDirectory.CHECKPOINT_MODEL : cp.model();
        if (name.contains("/") || name.contains("\\") || !name.startsWith("checkpoint")) {
            throw new IllegalArgumentException(run.file(RunDirectory.CHECKPOINT) + ": model '" + name
                    + "' is not a checkpoint file name; cannot resume");
        }
        Path file = run.file(name);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(run.file(RunDirectory.CHECKPOINT) + " names " + name
                    + ", which is missing; cannot resume");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (cp.modelSha256() != null && !cp.modelSha256().equals(sha256(bytes))) {
            throw new IllegalArgumentException(file + " does not match the checksum in " + RunDirectory.CHECKPOINT
                    + "; cannot resume");
        }
        ModelFile.SavedModel model = ModelFile.decode(bytes, file.toString());
        String trained = model.metadata().get("episodes_trained");
        if (trained == null || !trained.equals(Integer.toString(cp.episodesDone()))) {
            throw new IllegalArgumentException(file + " holds a model of " + trained + " episodes but "
                    + RunDirectory.CHECKPOINT + " records " + cp.episodesDone() + "; cannot resume");
        }
        return model;
    }

    /** Deletes the checkpoint models other than {@code keep} (null: all of them). */
    private static void deleteCheckpointModels(RunDirectory run, String keep) throws IOException {
        try (var files = Files.list(run.path())) {
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("checkpoint") && n.endsWith(".qtable") && !n.equals(keep)) {
                    AtomicFiles.delete(p);
                }
            }
        }
    }

    /** Reads the returns of episodes {@code [0, episodes)} back from the first {@code bytes} of episodes.csv. */
    private static void readReturns(Path log, long bytes, int episodes, double[] returns) throws IOException {
        if (!Files.exists(log) || Files.size(log) < bytes) {
            throw new IllegalArgumentException(log + " is missing or shorter than its checkpoint (" + bytes
                    + " bytes); cannot resume");
        }
        byte[] head;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.toIntExact(bytes));
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read on
            }
            head = b.array();
        }
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\n");
        if (lines.length != episodes + 1) {
            throw new IllegalArgumentException(log + " holds " + (lines.length - 1) + " episodes before its checkpoint, "
                    + "not " + episodes + "; cannot resume");
        }
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", 3);
            returns[Integer.parseInt(f[0])] = Double.parseDouble(f[1]);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Marks a run complete: {@code summary.json} (when {@code summary} is not null), the provenance's end time, and
     * no checkpoint files left.
     */
    private static void finish(RunDirectory run, Map<String, Object> summary) throws IOException {
        if (summary != null) {
            run.writeJson(RunDirectory.SUMMARY, summary);
        }
        if (run.has(RunDirectory.PROVENANCE)) {
            Provenance p = run.readJson(RunDirectory.PROVENANCE, Provenance.class);
            if (p.endTime() == null || summary != null) {
                run.writeJson(RunDirectory.PROVENANCE, p.ended());
            }
        }
        AtomicFiles.delete(run.file(RunDirectory.CHECKPOINT));
        deleteCheckpointModels(run, null);
    }

    private static Result run(RunDirectory run, TrainSpec spec, Checkpoint from, ModelFile.SavedModel model,
                              double[] returns, Environment env, Options options) throws IOException {
        StateEncoder encoder = spec.newEncoder();
        Agent agent = spec.newAgent();
        if (model != null) {
            model.restoreInto(agent);
        }
        RewardFunction reward = spec.newReward();
        SplitMix64 rng = new SplitMix64(from.rngState());
        TrainingLoop loop = new TrainingLoop(env, encoder, agent, spec.exploration(), spec.seed(), rng);
        long t0 = System.nanoTime();
        long steps = from.totalSteps();
        int end = spec.episodes();
        boolean stopped = false;
        if (options.stopAfterEpisodes() > 0 && options.stopAfterEpisodes() < end) {
            end = options.stopAfterEpisodes();
            stopped = true;
        }
        Progress progress = options.progress() == null ? null
                : new Progress(options.progress(), options.interactive(), from.episodesDone(), spec.episodes());
        try (CsvLog stepsLog = new CsvLog(run.file(RunDirectory.STEPS + PART), from.stepsBytes(), stepsHeader(reward));
             CsvLog episodesLog = new CsvLog(run.file(RunDirectory.EPISODES + PART), from.episodesBytes(),
                     "episode,return,steps,mean_utilization,mean_instances,sla_compliance_pct,cost_usd,epsilon");
             StepRows stepRows = new StepRows(stepsLog::writeAscii, reward.termNames().size())) {
            Recorder recorder = new Recorder(spec, env.spec().stepSeconds(), stepRows, episodesLog, returns, progress);
            for (int e = from.episodesDone(); e < end; e++) {
                recorder.stepSeconds = env.spec().stepSeconds();
                steps += loop.runEpisode(e, recorder);
                int done = e + 1;
                if (spec.checkpointEvery() > 0 && done % spec.checkpointEvery() == 0 && done < spec.episodes()) {
                    stepRows.drain();
                    stepsLog.flush();
                    episodesLog.flush();
                    double wall = from.wallSeconds() + (System.nanoTime() - t0) / 1e9;
                    String name = "checkpoint-" + done + ".qtable";
                    byte[] bytes = ModelFile.encode(ModelFile.of(agent, encoder, metadata(spec, done)));
                    RunDirectory.writeAtomically(run.file(name), bytes);
                    run.writeJson(RunDirectory.CHECKPOINT, new Checkpoint(done, rng.state(), stepsLog.size(),
                            episodesLog.size(), steps, wall, name, sha256(bytes), null));
                    deleteCheckpointModels(run, name);
                }
            }
        }
        double wall = from.wallSeconds() + (System.nanoTime() - t0) / 1e9;
        if (progress != null) {
            progress.finish();
        }
        Result result = new Result(run.path(), !stopped, end, steps, spec.exploration().epsilon(end - 1),
                meanLast(returns, end, 50), wall, java.util.Arrays.copyOf(returns, end), agent, encoder);
        if (stopped) {
            return result;
        }
        run.writeModel(RunDirectory.MODEL, ModelFile.of(agent, encoder, metadata(spec, end)));
        RunDirectory.moveAtomically(run.file(RunDirectory.STEPS + PART), run.file(RunDirectory.STEPS));
        RunDirectory.moveAtomically(run.file(RunDirectory.EPISODES + PART), run.file(RunDirectory.EPISODES));
        finish(run, result.summary(spec));
        return result;
    }

    private static Map<String, String> metadata(TrainSpec spec, int episodes) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("episodes_trained", Integer.toString(episodes));
        m.put("seed", Long.toString(spec.seed()));
        m.put("reward", spec.reward());
        m.put("env", spec.scenario().env());
        m.put("alpha", Double.toString(spec.alpha()));
        m.put("gamma", Double.toString(spec.gamma()));
        return m;
    }

    static double meanLast(double[] returns, int count, int window) {
        int n = Math.min(window, count);
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = count - n; i < count; i++) {
            sum += returns[i];
        }
        return sum / n;
    }

    private static String stepsHeader(RewardFunction reward) {
        StringBuilder sb = new StringBuilder("episode,t,state,arrival_rate,ready,booting,utilization,p95_latency_s,"
                + "dropped,action,reward");
        for (String term : reward.termNames()) {
            sb.append(",reward_").append(term);
        }
        return sb.append(",epsilon").toString();
    }

    /** Writes the logs and collects returns during training. */
    private static final class Recorder implements TrainingLoop.Listener {
        private final TrainSpec spec;
        private final StepRows steps;
        private final CsvLog episodes;
        private final double[] returns;
        private final Progress progress;
        private final StringBuilder line = new StringBuilder(256);
        double stepSeconds;
        private KpiAccumulator kpis;
        private boolean keep;
        private double epsilon;

        Recorder(TrainSpec spec, double stepSeconds, StepRows steps, CsvLog episodes, double[] returns,
                 Progress progress) {
            this.spec = spec;
            this.stepSeconds = stepSeconds;
            this.steps = steps;
            this.episodes = episodes;
            this.returns = returns;
            this.progress = progress;
        }

        @Override
        public void onEpisodeStart(int episode, double eps) {
            kpis = new KpiAccumulator(stepSeconds);
            int every = spec.keepStepsEvery();
            keep = every > 0 && (episode % every == 0 || episode == spec.episodes() - 1);
            epsilon = eps;
        }

        @Override
        public void onStep(int episode, int state, int action, StepResult r) {
            StepInfo s = r.info();
            kpis.add(s);
            if (keep) {
                steps.add(episode, state, s, epsilon);
            }
        }

        @Override
        public void onStep(int episode, int state, int action, StepBuffer s) {
            kpis.add(s);
            if (keep) {
                steps.add(episode, state, s, epsilon);
            }
        }

        @Override
        public void onEpisodeEnd(int episode, double episodeReturn, int n, double eps) {
            returns[episode] = episodeReturn;
            KpiAccumulator k = kpis; // no Kpis: its latency quantiles are not logged, and sorting for them is costly
            double meanInstances = k.steps() == 0 ? 0 : k.instanceHours() * 3600 / (k.steps() * stepSeconds);
            line.setLength(0);
            line.append(episode).append(',').append(episodeReturn).append(',').append(n).append(',')
                    .append(k.meanUtilization()).append(',').append(meanInstances).append(',')
                    .append(k.slaCompliancePct()).append(',').append(k.costUsd()).append(',').append(eps);
            episodes.writeLine(line);
            if (progress != null) {
                progress.episode(episode, episodeReturn, eps);
            }
        }
    }

    /** An append-only CSV file that can be cut back to a recorded length (for resume). */
    private static final class CsvLog implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final OutputStream out;

        CsvLog(Path file, long keepBytes, String header) throws IOException {
            this.file = file;
            AtomicFiles.faultPoint("open " + file.getFileName());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.size() < keepBytes) {
                throw new IllegalStateException(file + " is shorter (" + channel.size() + " bytes) than its checkpoint ("
                        + keepBytes + " bytes); cannot resume");
            }
            channel.truncate(keepBytes);
            channel.position(keepBytes);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            if (keepBytes == 0) {
                writeLine(header);
            }
        }

        void writeLine(CharSequence s) {
            write(s);
            try {
                out.write('\n');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Writes {@code s} in UTF-8. */
        void write(CharSequence s) {
            write(s.toString().getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Writes text of ASCII characters only, as it comes (the step rows: several lines of numbers and commas,
         * each with its newline): for ASCII, ISO-8859-1 and UTF-8 are the same bytes, and the former is a plain copy
         * where the UTF-8 encoder first scans every character.
         */
        void writeAscii(CharSequence s) {
            write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        private void write(byte[] bytes) {
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void flush() throws IOException {
            AtomicFiles.faultPoint("flush " + file.getFileName());
            out.flush();
            channel.force(false);
        }

        long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Progress on standard error: a redrawn bar on a terminal, plain lines every ~10% otherwise. */
    private static final class Progress {
        private final PrintStream out;
        private final boolean interactive;
        private final int firstEpisode;
        private final int total;
        private final long t0 = System.nanoTime();
        private long lastDraw;
        private int lastDecile = -1;

        Progress(PrintStream out, boolean interactive, int firstEpisode, int total) {
            this.out = Objects.requireNonNull(out);
            this.interactive = interactive;
            this.firstEpisode = firstEpisode;
            this.total = total;
        }

        void episode(int e, double ret, double eps) {
            int done = e + 1;
            long now = System.nanoTime();
            double elapsed = (now - t0) / 1e9;
            int doneHere = done - firstEpisode;
            double eta = doneHere == 0 ? 0 : elapsed / doneHere * (total - done);
            if (interactive) {
                if (now - lastDraw < 100_000_000L && done < total) {
                    return;
                }
                lastDraw = now;
                int width = 30;
                int filled = (int) ((long) width * done / total);
                out.printf("\r[%s%s] %d/%d episodes  return %.2f  epsilon %.3f  ETA %s   ", "#".repeat(filled),
                        ".".repeat(width - filled), done, total, ret, eps, duration(eta));
                out.flush();
            } else {
                int decile = (int) (10L * done / total);
                if (decile != lastDecile || done == total) {
                    lastDecile = decile;
                    out.printf("episode %d/%d  return %.2f  epsilon %.3f  elapsed %s  ETA %s%n", done, total, ret, eps,
                            duration(elapsed), duration(eta));
                }
            }
        }

        void finish() {
            if (interactive) {
                out.println();
            }
        }

        private static String duration(double s) {
            if (s < 60) {
                return String.format("%.1fs", s);
            }
            return String.format("%dm%02ds", (long) s / 60, (long) s % 60);
        }
    }
}

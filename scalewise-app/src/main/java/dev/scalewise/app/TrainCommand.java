package dev.scalewise.app;

import dev.scalewise.agent.Agents;
import dev.scalewise.experiment.ForecasterSpec;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.nn.agent.DqnAgent;
import dev.scalewise.nn.agent.DqnTraining;
import dev.scalewise.run.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalewise train}: trains a tabular agent and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a tabular agent (Q-learning, SARSA, Double Q) and write a run folder: spec.json, "
                + "provenance.json, steps.csv, episodes.csv, summary.json and model.qtable; or, with --agent dqn, a "
                + "deep Q-network: spec.json, provenance.json, episodes.csv, summary.json, model.dqn.params and "
                + "model.dqn.json.",
            "Same options and seed give byte-identical steps.csv, episodes.csv and model."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec cmd;

    @Option(names = "--preset", defaultValue = "scale-free",
            description = "scale-free | default | seed-a | seed-b: scale-free is the scale-free agent (headroom targets "
                    + "over the queueing minimum, random scale and boot delay per episode); default the utilization x "
                    + "instances agent; seed-a/seed-b a seed project's dynamics, encoder, reward and hyper-parameters "
                    + "(default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--agent", description = "q-learning | sarsa | double-q | dqn (default: the preset's, q-learning); "
            + "dqn is the deep Q-network of scalewise-nn on the scale-free features, actions and reward (docs/dqn.md)")
    String agent;

    @Option(names = "--steps", description = "with --agent dqn: environment steps to train (default: 50000)")
    Long steps;

    @Option(names = "--dqn-features", paramLabel = "SET", description = "with --agent dqn: the feature set, scale-free "
            + "(10 features) or scale-free-spread (adds forecast_error, the forecast's mean relative error over the "
            + "last 15 steps at the boot horizon; docs/dqn.md) (default: scale-free)")
    String dqnFeatures;

    @Option(names = "--episodes", description = "episodes to train (default: the preset's, 500 / 500 / 200)")
    Integer episodes;

    @Option(names = "--seed", description = "master seed (default: 42)")
    Long seed;

    @Option(names = "--reward", description = "scale-free | cost-sla | seed-a | seed-b (default: the preset's)")
    String reward;

    @Option(names = "--trace", description = "train on a catalog trace or trace file instead of the preset's synthetic "
            + "workload (resampled to the environment's step)")
    String trace;

    @Option(names = "--forecaster", description = "a demand forecaster (naive, seasonal-naive, sma, ewma, holt, "
            + "holt-winters-add, holt-winters-mul; lstm, tcn with scalewise-nn) whose forecast the agent observes "
            + "(the encoders' forecast-direction feature); fitted on traces of the scenario's workload, saved in spec.json "
            + "(default: none, the forecast equals the current rate)")
    String forecaster;

    @Option(names = "--forecaster-season", description = "the forecaster's season in steps (default: 1440, a day of 60 s steps)")
    Integer forecasterSeason;

    @Option(names = "--forecast-horizon", description = "steps ahead the forecast feature looks; 0 = the boot delay "
            + "(default: 0)")
    Integer forecastHorizon;

    @Option(names = "--forecaster-fit-episodes", description = "workload traces the forecaster is fitted on (default: 1)")
    Integer forecasterFitEpisodes;

    @Option(names = "--out", description = "run folder (default: runs/train-<timestamp>-<pid>)")
    Path out;

    @Option(names = "--resume", description = "continue a killed run in this folder from its last checkpoint")
    Path resume;

    @Option(names = "--keep-steps-every", description = "write the steps of every N-th episode (and the last) to "
            + "steps.csv; 0 for none (default: the preset's, 10 / 1 / 10)")
    Integer keepStepsEvery;

    @Option(names = "--checkpoint-every", description = "checkpoint every N episodes; 0 for never (default: 50)")
    Integer checkpointEvery;

    @Option(names = "--json", description = "also write summary.json's fields to FILE, or - for standard output")
    String json;

    @Option(names = "--traces-dir", description = "where catalog traces live (default: $SCALEWISE_TRACES_DIR, "
            + "../shared/traces, ~/.scalewise/traces)")
    String tracesDir;

    private ForecasterSpec forecasterSpec() {
        ForecasterSpec f = ForecasterSpec.of(forecaster);
        if (forecasterSeason != null) {
            f = f.withSeasonSteps(forecasterSeason);
        }
        if (forecastHorizon != null) {
            f = f.withHorizonSteps(forecastHorizon);
        }
        if (forecasterFitEpisodes != null) {
            f = f.withFitEpisodes(forecasterFitEpisodes);
        }
        return f;
    }


    private static void deleteIfEmpty(Path dir) {
        try (var files = Files.list(dir)) {
            if (files.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // not ours to clean any more
        }
    }

    /** {@code --agent dqn}: the DQN pipeline of scalewise-nn in {@code spec}'s setting. */
    private int trainDqn(TrainSpec spec, Path dir, Scenarios.TraceResolver traces, PrintWriter outw) throws IOException {
        DqnTraining.Spec dspec = DqnTraining.Spec.of(spec, steps != null ? steps : 50_000);
        if (dqnFeatures != null) {
            dspec = dspec.withEncoder(dqnFeatures);
        }
        outw.printf("training dqn on %s (%s reward, " + dspec.encoder() + " features%s), %,d steps, seed %d -> %s%n",
                dspec.scenario().env(), dspec.reward(), dspec.scenario().forecaster() == null ? ""
                        : ", forecaster " + dspec.scenario().forecaster().name(), dspec.steps(), dspec.seed(), dir);
        outw.flush();
        DqnTraining.Result result;
        try {
            result = DqnTraining.train(dspec, dir, System.err, traces);
        } catch (IOException | RuntimeException e) {
            if (out == null) {
                deleteIfEmpty(dir);
            }
            throw e;
        }
        Map<String, Object> summary = result.summary(dspec);
        outw.printf("episodes %d, steps %,d, gradient updates %,d, final epsilon %.3f, mean return of the last 50 "
                + "episodes %.4f%n", result.episodes(), result.steps(), result.updates(), result.finalEpsilon(),
                result.meanReturnLast50());
        outw.printf("%.2f s, %,.0f steps/s%n", result.wallSeconds(), (double) summary.get("steps_per_second"));
        outw.println("run folder: " + result.runDir());
        writeJson(summary, outw);
        outw.flush();
        return 0;
    }

    private void writeJson(Map<String, Object> summary, PrintWriter outw) throws IOException {
        if (json != null) {
            byte[] bytes = RunDirectory.json().writeValueAsBytes(summary);
            if (json.equals("-")) {
                outw.println(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                Files.write(Path.of(json), bytes);
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter outw = cmd.commandLine().getOut();
        Scenarios.TraceResolver traces = Scenarios.catalogTraces(tracesDir);
        Trainer.Options options = new Trainer.Options(System.err, System.console() != null, traces, 0);
        Trainer.Result result;
        TrainSpec spec;
        if (resume != null) {
            Path specFile = resume.resolve(RunDirectory.SPEC);
            if (DqnAgent.NAME.equals(agent) || dev.scalewise.nn.agent.DqnModelFile.exists(resume)
                    || Files.isRegularFile(specFile) && DqnAgent.NAME.equals(RunDirectory.json()
                    .readTree(specFile.toFile()).path("agent").asText())) {
                throw new IllegalArgumentException("--resume " + resume + ": a dqn run has no checkpoints (its replay "
                        + "buffer is not saved); train it again");
            }
            if (dqnFeatures != null) {
                throw new IllegalArgumentException("--dqn-features needs --agent dqn");
            }
            spec = RunDirectory.open(resume).readJson(RunDirectory.SPEC, TrainSpec.class);
            outw.println("resuming " + resume);
            outw.flush();
            result = Trainer.resume(resume, options);
        } else {
            spec = TrainSpec.preset(preset);
            boolean dqn = DqnAgent.NAME.equals(agent);
            if (dqn && episodes != null) {
                throw new IllegalArgumentException("--episodes does not apply to --agent dqn: give --steps");
            }
            if (dqn && (keepStepsEvery != null || checkpointEvery != null)) {
                throw new IllegalArgumentException("--keep-steps-every and --checkpoint-every do not apply to --agent "
                        + "dqn");
            }
            if (!dqn && steps != null) {
                throw new IllegalArgumentException("--steps needs --agent dqn (tabular agents take --episodes)");
            }
            if (!dqn && dqnFeatures != null) {
                throw new IllegalArgumentException("--dqn-features needs --agent dqn");
            }
            if (dqnFeatures != null) {
                DqnTraining.encoderOption("--dqn-features", dqnFeatures);
            }
            if (agent != null && !dqn) {
                if (!Agents.names().contains(agent)) {
                    throw new IllegalArgumentException("--agent must be one of " + Agents.names() + ", got '" + agent + "'");
                }
                spec = spec.withAgent(agent);
            }
            if (episodes != null) {
                spec = spec.withEpisodes(episodes);
            }
            if (seed != null) {
                spec = spec.withSeed(seed);
            }
            if (reward != null) {
                spec = spec.withReward(reward);
            }
            if (trace != null) {
                WorkloadSpec w = WorkloadSpec.trace(trace);
                double dt = spec.scenario().config().stepSeconds();
                w = new WorkloadSpec(w.kind(), spec.scenario().randomization() == null
                        ? java.util.Map.of("stepSeconds", dt)
                        // randomized episodes: a random day of the trace each, at a random scale
                        : java.util.Map.of("stepSeconds", dt, "windowSteps", (double) Math.round(86_400 / dt)),
                        w.trace());
                spec = spec.withScenario(spec.scenario().withWorkload(w));
            }
            if (forecaster != null) {
                spec = spec.withScenario(spec.scenario().withForecaster(forecasterSpec()));
            } else if (forecasterSeason != null || forecastHorizon != null || forecasterFitEpisodes != null) {
                throw new IllegalArgumentException("--forecaster-season, --forecast-horizon and --forecaster-fit-episodes "
                        + "need --forecaster");
            }
            if (keepStepsEvery != null) {
                spec = spec.withKeepStepsEvery(keepStepsEvery);
            }
            if (checkpointEvery != null) {
                spec = spec.withCheckpointEvery(checkpointEvery);
            }
            Path dir = out != null ? out : RunDirectory.createUnique(Path.of("runs"), "train-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            if (dqn) {
                return trainDqn(spec, dir, traces, outw);
            }
            outw.printf("training %s on %s (%s reward%s), %d episodes, seed %d -> %s%n", spec.agent(),
                    spec.scenario().env(), spec.reward(), spec.scenario().forecaster() == null ? ""
                            : ", forecaster " + spec.scenario().forecaster().name(),
                    spec.episodes(), spec.seed(), dir);
            outw.flush();
            try {
                result = Trainer.train(spec, dir, options);
            } catch (IOException | RuntimeException e) {
                if (out == null) {
                    deleteIfEmpty(dir); // the default folder made for this run: no orphan when it was refused
                }
                throw e;
            }
        }
        Map<String, Object> summary = result.summary(spec);
        outw.printf("episodes %d, steps %,d, final epsilon %.3f, mean return of the last 50 episodes %.4f%n",
                result.episodes(), result.steps(), result.finalEpsilon(), result.meanReturnLast50());
        outw.printf("%.2f s, %,.0f steps/s%n", result.wallSeconds(), (double) summary.get("steps_per_second"));
        outw.println("run folder: " + result.runDir());
        writeJson(summary, outw);
        outw.flush();
        return 0;
    }
}

package dev.scalewise.nn.forecast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.scalewise.forecast.Forecaster;

/**
 * A forecaster whose network maps the last {@code window} normalised values to the next {@code horizon} values
 * (direct multi-output); subclasses only say which network ({@link #newBlock}).
 *
 * <p><b>Training</b> ({@link #fit}): inputs and targets are normalised with the mean and standard deviation of the
 * training split; every window whose targets lie in the training split is a training sample, every window whose
 * targets lie in the validation split (its inputs may reach back into training) a validation sample; with no
 * validation split the last 10% of the training windows are held out instead. Adam minimises the mean squared error
 * on shuffled mini-batches; after each epoch the validation MSE is measured, and training stops when it has not
 * improved for {@code patience} epochs; the parameters of the best epoch are kept. With quantile levels
 * ({@link NeuralConfig#quantiles()}) the network ends in a monotone quantile head ({@link OutputHead}) and both
 * training and early stopping use the pinball loss of all levels ({@link PinballLoss}) instead of the squared error;
 * with {@link NeuralConfig#anchorLast()} it predicts the change from the window's last value.
 *
 * <p><b>Determinism.</b> The seed fixes the weight initialisation ({@link Engine#setRandomSeed}) and the shuffling
 * (a {@link SplittableRandom}); with one PyTorch thread ({@code -Dai.djl.pytorch.num_threads=1}, the default set by
 * {@link NeuralRuntime}) two trainings with the same seed give bit-identical parameters. The engine's random seed is
 * global: do not train two networks concurrently in one JVM.
 *
 * <p><b>Forecasting</b> reads only {@code series[end - window .. end)} (the first value repeated when there is less
 * history), so it cannot look ahead. Horizons longer than the trained one are forecast recursively. Batched
 * {@link #forecastMany} and single forecasts agree to float precision (kernels may sum in another order for
 * another batch size), not necessarily bit for bit.
 */
public abstract class NeuralForecaster implements Forecaster, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int INFERENCE_BATCH = 1024;

    private final NeuralConfig config;
    private Model model;
    private TrainingMetadata metadata;

    protected NeuralForecaster(NeuralConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        NeuralRuntime.configure();
    }

    /**
     * A new, uninitialised network mapping (batch, window, 1) to (batch, horizon x levels) raw outputs
     * ({@link NeuralConfig#levels()}: 1 for a point network).
     */
    protected abstract Block newBlock(NeuralConfig config);

    /** {@link #newBlock} with the quantile head and the last-value anchor the config asks for. */
    private Block network() {
        Block base = newBlock(config);
        return config.isQuantile() || config.anchorLast() ? new OutputHead(base, config) : base;
    }

    /** The hyper-parameters. */
    public NeuralConfig config() {
        return config;
    }

    /** The training metadata, once trained or loaded. */
    public TrainingMetadata metadata() {
        if (metadata == null) {
            throw new IllegalStateException(name() + " is not trained");
        }
        return metadata;
    }

    /** Whether the network has parameters (trained or loaded). */
    public boolean isTrained() {
        return metadata != null;
    }

    @Override
    public void fit(double[] train, double[] validation) {
        int w = config.window();
        int h = config.horizon();
        double[] all = new double[train.length + validation.length];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(validation, 0, all, train.length, validation.length);

        double mean = Arrays.stream(train).average().orElse(0);
        double var = Arrays.stream(train).map(v -> (v - mean) * (v - mean)).average().orElse(0);
        double std = var > 1e-24 ? Math.sqrt(var) : 1.0;
        float[] z = new float[all.length];
        for (int i = 0; i < all.length; i++) {
            z[i] = (float) ((all[i] - mean) / std);
        }

        // a sample is the origin e: inputs z[e - w .. e), targets z[e .. e + h)
        int[] trainEnds = range(w, train.length - h);
        int[] valEnds = range(Math.max(w, train.length), all.length - h);
        boolean carved = false;
        if (valEnds.length == 0) {
            int hold = Math.max(1, trainEnds.length / 10);
            valEnds = Arrays.copyOfRange(trainEnds, trainEnds.length - hold, trainEnds.length);
            trainEnds = Arrays.copyOf(trainEnds, trainEnds.length - hold);
            carved = true;
        }
        if (trainEnds.length < 1) {
            throw new IllegalArgumentException(name() + ": training split of " + train.length
                    + " values is too short for window " + w + " + horizon " + h);
        }

        close();
        long started = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) config.seed());
        Model m = Model.newInstance(name(), Device.cpu(), "PyTorch");
        m.setBlock(network());
        Loss objective = config.isQuantile() ? new PinballLoss(config.quantiles()) : Loss.l2Loss();
        double lossScale = config.isQuantile() ? 1 : 2; // DJL's L2 loss is half the MSE
        DefaultTrainingConfig tc = new DefaultTrainingConfig(objective)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate())).build())
                .optDevices(new Device[] {Device.cpu()});
        SplittableRandom shuffle = new SplittableRandom(config.seed());
        double bestVal = Double.POSITIVE_INFINITY;
        double bestTrain = Double.NaN;
        int bestEpoch = 0;
        int epoch = 0;
        byte[] best = null;
        try (Trainer trainer = m.newTrainer(tc)) {
            trainer.initialize(new Shape(config.batchSize(), w, 1));
            while (epoch < config.maxEpochs() && epoch - bestEpoch < config.patience()) {
                epoch++;
                shuffleInPlace(trainEnds, shuffle);
                double lossSum = 0;
                for (int from = 0; from < trainEnds.length; from += config.batchSize()) {
                    int to = Math.min(trainEnds.length, from + config.batchSize());
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray x = batch.create(inputs(z, trainEnds, from, to, w), new Shape(to - from, w, 1));
                        NDArray y = batch.create(targets(z, trainEnds, from, to, h), new Shape(to - from, h));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                            gc.backward(loss);
                            lossSum += lossScale * loss.getFloat() * (to - from);
                        }
                        trainer.step();
                    }
                }
                double val = validationLoss(m, z, valEnds);
                if (val < bestVal) {
                    bestVal = val;
                    bestTrain = lossSum / trainEnds.length;
                    bestEpoch = epoch;
                    best = snapshot(m.getBlock());
                }
            }
        }
        if (best == null) {
            m.close();
            throw new IllegalStateException(name() + ": validation loss was never finite (training diverged)");
        }
        restore(m, best);
        model = m;
        metadata = new TrainingMetadata(name(), config, mean, std, epoch, bestEpoch, bestTrain, bestVal, trainEnds.length,
                valEnds.length, carved, (System.nanoTime() - started) / 1e9, NeuralRuntime.threads(),
                Engine.getDjlVersion(), Engine.getInstance().getVersion(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    private static int[] range(int fromInclusive, int toInclusive) {
        if (toInclusive < fromInclusive) {
            return new int[0];
        }
        int[] r = new int[toInclusive - fromInclusive + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = fromInclusive + i;
        }
        return r;
    }

    private static void shuffleInPlace(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static float[] inputs(float[] z, int[] ends, int from, int to, int w) {
        float[] x = new float[(to - from) * w];
        for (int i = from; i < to; i++) {
            System.arraycopy(z, ends[i] - w, x, (i - from) * w, w);
        }
        return x;
    }

    private static float[] targets(float[] z, int[] ends, int from, int to, int h) {
        float[] y = new float[(to - from) * h];
        for (int i = from; i < to; i++) {
            System.arraycopy(z, ends[i], y, (i - from) * h, h);
        }
        return y;
    }

    /** Mean squared error (point network) or mean pinball loss over the levels (quantile head), normalised units. */
    private double validationLoss(Model m, float[] z, int[] ends) {
        int w = config.window();
        int h = config.horizon();
        PinballLoss pinball = config.isQuantile() ? new PinballLoss(config.quantiles()) : null;
        double sum = 0;
        for (int from = 0; from < ends.length; from += INFERENCE_BATCH) {
            int to = Math.min(ends.length, from + INFERENCE_BATCH);
            float[] p = predict(m, inputs(z, ends, from, to, w), to - from);
            if (pinball != null) {
                sum += pinball.mean(p, z, ends, from, to, h);
                continue;
            }
            for (int i = from; i < to; i++) {
                for (int k = 0; k < h; k++) {
                    double e = p[(i - from) * h + k] - z[ends[i] + k];
                    sum += e * e;
                }
            }
        }
        return sum / ((double) ends.length * h);
    }

    /**
     * Runs the network without gradients on {@code rows} windows; returns rows x horizon x levels normalised values,
     * row-major.
     */
    private float[] predict(Model m, float[] x, int rows) {
        try (NDManager manager = m.getNDManager().newSubManager()) {
            NDArray in = manager.create(x, new Shape(rows, config.window(), 1));
            NDList out = m.getBlock().forward(new ParameterStore(manager, false), new NDList(in), false);
            return out.singletonOrThrow().toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private static byte[] snapshot(Block block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                block.saveParameters(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restore(Model m, byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            m.getBlock().loadParameters(m.getNDManager(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("could not restore the best parameters", e);
        }
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        return forecastMany(series, new int[] {end}, horizon)[0];
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        double[][][] levels = forecastLevels(series, ends, horizon);
        int median = config.medianIndex();
        double[][] out = new double[ends.length][horizon];
        for (int i = 0; i < ends.length; i++) {
            for (int k = 0; k < horizon; k++) {
                out[i][k] = levels[i][k][median];
            }
        }
        return out;
    }

    /**
     * Every level the network outputs, per origin and lead: {@code [origin][lead][level]} in the series' unit
     * (levels in the order of {@link NeuralConfig#quantiles()}; one level for a point network). Leads past the
     * trained horizon are forecast recursively from the median path, each round giving its own levels (so the
     * spread there is that of the last trained lead given the median path, not a calibrated multi-round quantile).
     */
    double[][][] forecastLevels(double[] series, int[] ends, int horizon) {
        if (model == null) {
            throw new IllegalStateException(name() + " must be trained (fit) or loaded before forecasting");
        }
        for (int end : ends) {
            Forecaster.checkArguments(series, end, horizon);
        }
        int w = config.window();
        int h = config.horizon();
        int rounds = (horizon + h - 1) / h;
        int levels = config.levels();
        int median = config.medianIndex();
        double[][][] out = new double[ends.length][horizon][levels];
        for (int from = 0; from < ends.length; from += INFERENCE_BATCH) {
            int to = Math.min(ends.length, from + INFERENCE_BATCH);
            int rows = to - from;
            // working windows in normalised units: the last w observed values, then the predictions appended
            float[][] work = new float[rows][w + rounds * h];
            for (int r = 0; r < rows; r++) {
                int end = ends[from + r];
                for (int j = 0; j < w; j++) {
                    int idx = Math.max(0, end - w + j);
                    work[r][j] = normalise(series[idx]);
                }
            }
            for (int round = 0; round < rounds; round++) {
                float[] x = new float[rows * w];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(work[r], round * h, x, r * w, w);
                }
                float[] p = predict(model, x, rows);
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < h; k++) {
                        work[r][w + round * h + k] = p[(r * h + k) * levels + median];
                        int lead = round * h + k;
                        if (lead < horizon) {
                            for (int j = 0; j < levels; j++) {
                                out[from + r][lead][j] = p[(r * h + k) * levels + j] * metadata.std() + metadata.mean();
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private float normalise(double v) {
        return (float) ((v - metadata.mean()) / metadata.std());
    }

    /**
     * Saves the trained network to {@code dir}: {@code <name>-0000.params} (DJL parameter file) and
     * {@code <name>.json} (the {@link TrainingMetadata}).
     */
    public void save(Path dir) throws IOException {
        if (model == null) {
            throw new IllegalStateException(name() + " is not trained");
        }
        Files.createDirectories(dir);
        model.save(dir, name());
        JSON.writeValue(dir.resolve(name() + ".json").toFile(), metadata);
    }

    /** Reads the metadata saved in {@code dir} for a forecaster of the given kind. */
    static TrainingMetadata readMetadata(Path dir, String kind) throws IOException {
        Path file = dir.resolve(kind + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + kind + " model in " + dir + " (missing " + file.getFileName() + ")");
        }
        return JSON.readValue(file.toFile(), TrainingMetadata.class);
    }

    /** Loads parameters saved by {@link #save} into this (same-config) forecaster. */
    void loadFrom(Path dir, TrainingMetadata saved) throws IOException {
        close();
        Model m = Model.newInstance(name(), Device.cpu(), "PyTorch");
        m.setBlock(network());
        try {
            m.load(dir, name());
        } catch (MalformedModelException e) {
            m.close();
            throw new IOException("malformed " + name() + " parameters in " + dir + ": " + e.getMessage(), e);
        }
        model = m;
        metadata = saved;
    }

    /** Frees the native memory of the network (the forecaster must be trained or loaded again to forecast). */
    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}

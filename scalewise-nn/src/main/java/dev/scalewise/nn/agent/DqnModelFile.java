package dev.scalewise.nn.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.scalewise.nn.forecast.NeuralRuntime;

/**
 * A DQN model in a run folder, format {@code scalewise-dqn} version 1: two files.
 * <ul>
 *   <li>{@code model.dqn.params}: the online network's parameters in DJL's parameter format;</li>
 *   <li>{@code model.dqn.json}: the spec, fields in this order: {@code format}, {@code version}, {@code agent}
 *       ("dqn"), {@code dimension} (features), {@code actions} (count), {@code features} (their names, may be
 *       empty), {@code parameters} ({@code file},
 *       {@code bytes}, {@code sha256}: the SHA-256 of the parameters file), {@code scaling} (the frozen feature
 *       statistics: {@code mean}, {@code std}, {@code clip}), {@code config} (the {@link DqnConfig}),
 *       {@code training} (steps, gradient updates), {@code metadata} (the caller's key/value pairs, keys sorted:
 *       action deltas, encoder, ...), {@code provenance} (DJL, PyTorch, Java, OS).</li>
 * </ul>
 * Doubles are written with Java's shortest round-trip representation, so the scaling reads back bit for bit. The
 * same training run (same seed, one thread) writes the same bytes. Loading refuses, with a message naming the
 * file: a missing file, another format or version, a parameters file whose SHA-256 differs from the one recorded
 * (changed or corrupted), or shapes that do not agree.
 */
public final class DqnModelFile {
    public static final String FORMAT = "scalewise-dqn";
    public static final int VERSION = 1;
    /** The spec's file name in a run folder. */
    public static final String SPEC_FILE = "model.dqn.json";
    /** The parameters' file name in a run folder. */
    public static final String PARAMS_FILE = "model.dqn.params";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DqnModelFile() {
    }

    /**
     * A loaded model.
     *
     * @param policy    the frozen greedy policy
     * @param features  the features' names, in vector order (empty when none were given)
     * @param config    the hyper-parameters it was trained with
     * @param steps     environment steps trained
     * @param updates   gradient steps taken
     * @param metadata  the caller's key/value pairs
     * @param sha256    the verified checksum of the parameters
     */
    public record Saved(DqnPolicy policy, List<String> features, DqnConfig config, long steps, long updates,
                        Map<String, String> metadata, String sha256) {
    }

    /** As {@link #save(DqnAgent, Path, List, Map)} without feature names. */
    public static Path save(DqnAgent agent, Path dir, Map<String, String> metadata) throws IOException {
        return save(agent, dir, List.of(), metadata);
    }

    /**
     * Writes {@code agent}'s current network and feature statistics to {@code dir}; returns the spec's path.
     *
     * @param features the features' names in vector order (for explanations), or empty
     */
    public static Path save(DqnAgent agent, Path dir, List<String> features, Map<String, String> metadata)
            throws IOException {
        if (!features.isEmpty() && features.size() != agent.dimension()) {
            throw new IllegalArgumentException(features.size() + " feature names for " + agent.dimension()
                    + " features");
        }
        byte[] params = agent.parameterBytes();
        FeatureScaling scaling = agent.scaling();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("agent", DqnAgent.NAME);
        root.put("dimension", agent.dimension());
        root.put("actions", agent.actions());
        root.set("features", JSON.valueToTree(features));
        ObjectNode p = root.putObject("parameters");
        p.put("file", PARAMS_FILE);
        p.put("bytes", params.length);
        p.put("sha256", sha256(params));
        ObjectNode s = root.putObject("scaling");
        s.set("mean", JSON.valueToTree(scaling.mean()));
        s.set("std", JSON.valueToTree(scaling.std()));
        s.put("clip", scaling.clip());
        root.set("config", JSON.valueToTree(agent.config()));
        ObjectNode t = root.putObject("training");
        t.put("steps", agent.steps());
        t.put("updates", agent.updates());
        root.set("metadata", JSON.valueToTree(new TreeMap<>(metadata)));
        ObjectNode prov = root.putObject("provenance");
        prov.put("djl", Engine.getDjlVersion());
        prov.put("pytorch", Engine.getInstance().getVersion());
        prov.put("java", System.getProperty("java.version"));
        prov.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Files.createDirectories(dir);
        Files.write(dir.resolve(PARAMS_FILE), params);
        Path spec = dir.resolve(SPEC_FILE);
        Files.write(spec, (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return spec;
    }

    /** Whether {@code dir} holds a DQN model (its spec file exists). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(SPEC_FILE));
    }

    /** Reads and verifies the model in {@code dir}. */
    public static Saved load(Path dir) throws IOException {
        Path specFile = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(specFile)) {
            throw new IOException("no DQN model in " + dir + " (missing " + SPEC_FILE + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(specFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(specFile + " is not valid JSON: " + e.getMessage(), e);
        }
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(specFile + " is not a Scalewise DQN model: format is '" + format
                    + "', expected '" + FORMAT + "'");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException(specFile + " has " + FORMAT + " version " + version
                    + "; this Scalewise reads version " + VERSION);
        }
        String fileName = root.path("parameters").path("file").asText(PARAMS_FILE);
        Path paramsFile = dir.resolve(fileName).normalize();
        if (!paramsFile.getParent().equals(dir.normalize()) || !Files.isRegularFile(paramsFile)) {
            throw new IOException(specFile + ": parameters file '" + fileName + "' is missing from " + dir);
        }
        byte[] params = Files.readAllBytes(paramsFile);
        String expected = root.path("parameters").path("sha256").asText("");
        String actual = sha256(params);
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException(paramsFile + " does not match the SHA-256 recorded in " + specFile
                    + " (expected " + expected + ", computed " + actual
                    + "): the parameters were changed or corrupted");
        }
        try {
            int dimension = root.path("dimension").asInt(-1);
            int actions = root.path("actions").asInt(-1);
            DqnConfig config = JSON.treeToValue(root.path("config"), DqnConfig.class);
            JsonNode s = root.path("scaling");
            FeatureScaling scaling = new FeatureScaling(JSON.treeToValue(s.path("mean"), double[].class),
                    JSON.treeToValue(s.path("std"), double[].class), s.path("clip").asDouble());
            if (scaling.dimension() != dimension) {
                throw new IllegalArgumentException("scaling has " + scaling.dimension() + " features, dimension is "
                        + dimension);
            }
            Mlp network = readNetwork(config, dimension, actions, params);
            List<String> features = new ArrayList<>();
            root.path("features").forEach(n -> features.add(n.asText()));
            if (!features.isEmpty() && features.size() != dimension) {
                throw new IllegalArgumentException(features.size() + " feature names for " + dimension + " features");
            }
            Map<String, String> metadata = new TreeMap<>();
            root.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            return new Saved(new DqnPolicy(network, scaling), List.copyOf(features), config,
                    root.path("training").path("steps").asLong(),
                    root.path("training").path("updates").asLong(), metadata, actual);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(specFile + " is not a valid " + FORMAT + " model: " + e.getMessage(), e);
        }
    }

    private static Mlp readNetwork(DqnConfig config, int dimension, int actions, byte[] params) throws IOException {
        if (dimension < 1 || actions < 1) {
            throw new IllegalArgumentException("dimension " + dimension + " and actions " + actions + " must be >= 1");
        }
        NeuralRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block block = DqnAgent.network(config, actions);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, dimension));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
                block.loadParameters(manager, in);
            } catch (MalformedModelException e) {
                throw new IllegalArgumentException("malformed parameters: " + e.getMessage(), e);
            }
            Mlp network = Mlp.of(block);
            if (network.inputs() != dimension || network.outputs() != actions) {
                throw new IllegalArgumentException("parameters map " + network.inputs() + " features to "
                        + network.outputs() + " actions, the spec says " + dimension + " and " + actions);
            }
            return network;
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

}

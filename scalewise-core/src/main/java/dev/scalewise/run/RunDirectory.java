package dev.scalewise.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run folder, written and read by this one class. Files (see {@code docs/training.md} and {@code CLI.md}):
 * {@code spec.json}, {@code provenance.json}, {@code steps.csv}, {@code episodes.csv}, {@code summary.json},
 * {@code model.qtable} ({@link ModelFile}), and while training {@code checkpoint.json}, the checkpoint's manifest,
 * with the model it names ({@code checkpoint-<episodes>.qtable}). Every whole file is written to a temporary name
 * in the folder and renamed into place, so a reader never sees half a file. A process that writes a run holds the
 * folder's {@link RunLock}.
 */
public final class RunDirectory {
    public static final String SPEC = "spec.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String STEPS = "steps.csv";
    public static final String EPISODES = "episodes.csv";
    public static final String SUMMARY = "summary.json";
    public static final String MODEL = ModelFile.FILE_NAME;
    public static final String CHECKPOINT = "checkpoint.json";
    /** The checkpoint model's name before the manifest named it (read only, for older checkpoints). */
    public static final String CHECKPOINT_MODEL = "checkpoint.qtable";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder (and parents) for a new run. */
    public static RunDirectory create(Path dir) throws IOException {
        Files.createDirectories(Objects.requireNonNull(dir, "dir"));
        return new RunDirectory(dir);
    }

    /**
     * Creates a new, empty folder {@code parent/prefix-<pid>} (or {@code -<pid>-2}, {@code -3}, ... when that
     * exists): the creation itself is the test, so two processes, or two calls in one, never get the same folder.
     */
    public static Path createUnique(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        String base = prefix + "-" + ProcessHandle.current().pid();
        for (int i = 1; ; i++) {
            Path dir = parent.resolve(i == 1 ? base : base + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // try the next suffix
            }
        }
    }

    /**
     * Deletes the temporary files a killed atomic write left behind ({@code .NAME.*.tmp}). Only the holder of the
     * folder's {@link RunLock} may call this.
     */
    public void deleteTemporaryFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(AtomicFiles.TMP_SUFFIX)) {
                    AtomicFiles.delete(p);
                }
            }
        }
    }

    /** Opens an existing run folder; it must hold a {@code spec.json} or a model. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run folder " + dir + " does not exist");
        }
        if (!Files.exists(dir.resolve(SPEC)) && !Files.exists(dir.resolve(MODEL))) {
            throw new IllegalArgumentException(dir + " is not a Scalewise run folder (no " + SPEC + " or " + MODEL + ")");
        }
        return new RunDirectory(dir);
    }

    /** The shared JSON mapper (indented, map keys sorted). */
    public static ObjectMapper json() {
        return JSON;
    }

    public Path path() {
        return dir;
    }

    /** A file of the run. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    public boolean has(String name) {
        return Files.exists(file(name));
    }

    /** Writes {@code value} as indented JSON, atomically. */
    public void writeJson(String name, Object value) throws IOException {
        writeAtomically(file(name), JSON.writeValueAsBytes(value));
    }

    public <T> T readJson(String name, Class<T> type) throws IOException {
        return JSON.readValue(file(name).toFile(), type);
    }

    public JsonNode readTree(String name) throws IOException {
        return JSON.readTree(file(name).toFile());
    }

    /** The trained model. */
    public ModelFile.SavedModel loadModel() throws IOException {
        Path p = file(MODEL);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("run folder " + dir + " has no model (" + MODEL + "); did training finish?");
        }
        return ModelFile.read(p);
    }

    /** The trained agent's frozen greedy policy, with its encoder. */
    public GreedyPolicy loadPolicy() throws IOException {
        return loadModel().policy();
    }

    /** Writes {@code model} to {@code name} atomically. */
    public void writeModel(String name, ModelFile.SavedModel model) throws IOException {
        writeAtomically(file(name), ModelFile.encode(model));
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, then renames it into place. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, bytes);
    }

    /** Renames {@code from} to {@code to}, atomically where the file system can. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        AtomicFiles.move(from, to);
    }
}

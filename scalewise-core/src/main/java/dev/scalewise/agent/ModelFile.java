package dev.scalewise.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Q-table model file ({@code model.qtable}), format {@code scalewise-qtable} version 1.
 *
 * <p>UTF-8 text: a JSON document, then one line {@code sha256:<64 hex digits>}, the SHA-256 of every byte
 * before that line (the JSON document and its final newline). The document's fields, in this order:
 * <pre>
 * format    "scalewise-qtable"
 * version   1
 * agent     "q-learning" | "sarsa" | "double-q"
 * actions   instance delta of each move, e.g. [-1, 0, 1]
 * margins   (only when the agent has headroom targets) the margin h of each target action, indexed after the
 *           moves, e.g. [0, 0.1, 0.2] (see {@link ActionSet})
 * residual  (only in residual mode) {"mpc_margin": h, "stabilization_steps": w} ({@link ActionSet.Residual})
 * encoder   {"type": ..., "parameters": {name: [numbers]}}: rebuilds the state encoder
 * states    number of states (= the encoder's size)
 * metadata  free key/value pairs (episodes trained, seed, ...), keys sorted
 * tables    one table (two for double-q: QA then QB), each a list of `states` rows of `actions` values, the
 *           row of state s being Q(s, .) in action order; values are written with Java's shortest round-trip
 *           representation, so reading gives back the same doubles, bit for bit
 * </pre>
 * The same agent always gives the same bytes. Reading refuses, with a message saying why: a file without the
 * checksum line (not a Scalewise model), a checksum mismatch (corrupted), another format name or version
 * (foreign), or shapes that do not agree.
 */
public final class ModelFile {
    public static final String FORMAT = "scalewise-qtable";
    public static final int VERSION = 1;
    /** The conventional file name in a run folder. */
    public static final String FILE_NAME = "model.qtable";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAILER = "sha256:";

    private ModelFile() {
    }

    /** A model read from (or about to be written to) a file. */
    public record SavedModel(String agent, ActionSet actions, EncoderDefinition encoder, List<QTable> tables,
                             Map<String, String> metadata) {
        /** The encoder the model was trained with. */
        public StateEncoder newEncoder() {
            return StateEncoders.fromDefinition(encoder);
        }

        /** The frozen greedy policy (Double Q: on QA + QB). */
        public GreedyPolicy policy() {
            QTable merged = QTable.of(tables.get(0).states(), actions.size(), tables.get(0).values());
            for (int i = 1; i < tables.size(); i++) {
                for (int s = 0; s < merged.states(); s++) {
                    for (int a = 0; a < actions.size(); a++) {
                        merged.add(s, a, tables.get(i).get(s, a));
                    }
                }
            }
            return new GreedyPolicy(agent, merged, actions, newEncoder());
        }

        /** Copies the values into {@code target} (same agent type, actions and shape). */
        public void restoreInto(Agent target) {
            if (!target.name().equals(agent) || !target.actions().equals(actions)
                    || target.tables().size() != tables.size()) {
                throw new IllegalArgumentException("model is a " + agent + " agent with actions " + actions
                        + ", cannot restore into a " + target.name() + " agent with actions " + target.actions());
            }
            for (int i = 0; i < tables.size(); i++) {
                target.tables().get(i).copyFrom(tables.get(i));
            }
        }
    }

    /** The model of {@code agent} with {@code encoder}. */
    public static SavedModel of(Agent agent, StateEncoder encoder, Map<String, String> metadata) {
        List<QTable> copies = new ArrayList<>();
        for (QTable q : agent.tables()) {
            copies.add(QTable.of(q.states(), q.actions(), q.values()));
        }
        return new SavedModel(agent.name(), agent.actions(), encoder.definition(), copies, new TreeMap<>(metadata));
    }

    /** The bytes of the file for {@code model}. */
    public static byte[] encode(SavedModel model) {
        try {
            StringBuilder sb = new StringBuilder(64 + model.tables().size() * model.tables().get(0).states() * 48);
            sb.append("{\n");
            sb.append("  \"format\": ").append(JSON.writeValueAsString(FORMAT)).append(",\n");
            sb.append("  \"version\": ").append(VERSION).append(",\n");
            sb.append("  \"agent\": ").append(JSON.writeValueAsString(model.agent())).append(",\n");
            sb.append("  \"actions\": ").append(JSON.writeValueAsString(model.actions().asList())).append(",\n");
            if (!model.actions().margins().isEmpty()) {
                sb.append("  \"margins\": ").append(JSON.writeValueAsString(model.actions().margins())).append(",\n");
            }
            ActionSet.Residual residual = model.actions().residual();
            if (residual != null) {
                sb.append("  \"residual\": {\"mpc_margin\": ").append(residual.mpcMargin())
                        .append(", \"stabilization_steps\": ").append(residual.stabilizationSteps());
                if (residual.sqrtStaffing()) {
                    sb.append(", \"reference_need\": ").append(residual.referenceNeed());
                }
                if (residual.rateMargin()) {
                    sb.append(", \"rate_margin\": true");
                }
                sb.append("},\n");
            }
            sb.append("  \"encoder\": ").append(JSON.writeValueAsString(model.encoder())).append(",\n");
            sb.append("  \"states\": ").append(model.tables().get(0).states()).append(",\n");
            sb.append("  \"metadata\": ").append(JSON.writeValueAsString(new TreeMap<>(model.metadata()))).append(",\n");
            sb.append("  \"tables\": [");
            for (int i = 0; i < model.tables().size(); i++) {
                QTable q = model.tables().get(i);
                sb.append(i == 0 ? "\n    [" : ",\n    [");
                for (int s = 0; s < q.states(); s++) {
                    sb.append(s == 0 ? "\n      [" : ",\n      [");
                    for (int a = 0; a < q.actions(); a++) {
                        double v = q.get(s, a);
                        if (!Double.isFinite(v)) {
                            throw new IllegalStateException("Q(" + s + ", " + a + ") is " + v + "; refusing to save");
                        }
                        if (a > 0) {
                            sb.append(", ");
                        }
                        sb.append(v);
                    }
                    sb.append(']');
                }
                sb.append("\n    ]");
            }
            sb.append("\n  ]\n}\n");
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            byte[] trailer = (TRAILER + HexFormat.of().formatHex(sha256(body)) + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[body.length + trailer.length];
            System.arraycopy(body, 0, out, 0, body.length);
            System.arraycopy(trailer, 0, out, body.length, trailer.length);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode model: " + e.getMessage(), e);
        }
    }

    /** Reads and verifies a model file. */
    public static SavedModel read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * Decodes and verifies the bytes of a model file.
     *
     * @param source where the bytes come from, for messages
     */
    public static SavedModel decode(byte[] bytes, String source) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int cut = text.lastIndexOf("\n" + TRAILER);
        if (cut < 0 || !text.endsWith("\n")) {
            throw new IllegalArgumentException(source + " is not a Scalewise model file (" + FORMAT
                    + "): no checksum line at its end");
        }
        String body = text.substring(0, cut + 1);
        String hex = text.substring(cut + 1 + TRAILER.length(), text.length() - 1).trim();
        String actual = HexFormat.of().formatHex(sha256(body.getBytes(StandardCharsets.UTF_8)));
        if (!actual.equals(hex)) {
            throw new IllegalArgumentException(source + " is corrupted: its SHA-256 checksum does not match its content"
                    + " (expected " + hex + ", computed " + actual + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is corrupted: not valid JSON (" + e.getMessage() + ")", e);
        }
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(source + " is not a Scalewise Q-table model: format is '" + format
                    + "', expected '" + FORMAT + "'");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException(source + " has " + FORMAT + " version " + version
                    + "; this Scalewise reads version " + VERSION);
        }
        try {
            String agent = root.path("agent").asText();
            List<Integer> deltas = new ArrayList<>();
            root.path("actions").forEach(n -> deltas.add(n.asInt()));
            List<Double> margins = new ArrayList<>();
            root.path("margins").forEach(n -> margins.add(n.asDouble()));
            JsonNode r = root.path("residual");
            ActionSet.Residual residual = r.isMissingNode() ? null
                    : new ActionSet.Residual(r.path("mpc_margin").asDouble(Double.NaN),
                            r.path("stabilization_steps").asInt(-1), r.path("reference_need").asDouble(0),
                            r.path("rate_margin").asBoolean(false));
            ActionSet actions = ActionSet.of(deltas, margins, residual);
            EncoderDefinition encoder = JSON.treeToValue(root.path("encoder"), EncoderDefinition.class);
            StateEncoder enc = StateEncoders.fromDefinition(encoder);
            int states = root.path("states").asInt(-1);
            if (states != enc.size()) {
                throw new IllegalArgumentException("states is " + states + " but the encoder has " + enc.size());
            }
            int expectedTables = DoubleQAgent.NAME.equals(agent) ? 2 : 1;
            if (!Agents.names().contains(agent)) {
                throw new IllegalArgumentException("unknown agent '" + agent + "'");
            }
            JsonNode tablesNode = root.path("tables");
            if (tablesNode.size() != expectedTables) {
                throw new IllegalArgumentException(agent + " needs " + expectedTables + " table(s), found " + tablesNode.size());
            }
            List<QTable> tables = new ArrayList<>();
            for (JsonNode t : tablesNode) {
                if (t.size() != states) {
                    throw new IllegalArgumentException("a table has " + t.size() + " rows, expected " + states);
                }
                QTable q = new QTable(states, actions.size());
                for (int s = 0; s < states; s++) {
                    JsonNode row = t.get(s);
                    if (row.size() != actions.size()) {
                        throw new IllegalArgumentException("row " + s + " has " + row.size() + " values, expected "
                                + actions.size());
                    }
                    for (int a = 0; a < actions.size(); a++) {
                        q.set(s, a, row.get(a).asDouble());
                    }
                }
                tables.add(q);
            }
            Map<String, String> metadata = new TreeMap<>();
            root.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            return new SavedModel(agent, actions, encoder, tables, metadata);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + " is not a valid " + FORMAT + " model: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package dev.scalewise.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalewise.experiment.SplitMix64;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelFileTest {

    private static Agent randomAgent(String name, StateEncoder enc) {
        Agent agent = Agents.create(name, enc.size(), ActionSet.unit(), 0.1, 0.99);
        SplitMix64 rng = new SplitMix64(3);
        for (QTable q : agent.tables()) {
            for (int s = 0; s < q.states(); s++) {
                for (int a = 0; a < q.actions(); a++) {
                    // some ties, some odd doubles
                    q.set(s, a, rng.nextInt(4) == 0 ? 0.0 : rng.nextGaussian() * 1e3 / 7);
                }
            }
        }
        return agent;
    }

    @ParameterizedTest
    @ValueSource(strings = {"q-learning", "sarsa", "double-q"})
    void roundTripGivesTheSameValuesAndActionsInEveryState(String name, @TempDir Path dir) throws Exception {
        StateEncoder enc = SeedBEncoder.defaults();
        Agent agent = randomAgent(name, enc);
        Path file = dir.resolve(ModelFile.FILE_NAME);
        byte[] bytes = ModelFile.encode(ModelFile.of(agent, enc, Map.of("seed", "1")));
        Files.write(file, bytes);

        ModelFile.SavedModel loaded = ModelFile.read(file);
        assertThat(loaded.agent()).isEqualTo(name);
        assertThat(loaded.tables()).isEqualTo(agent.tables());
        assertThat(loaded.encoder()).isEqualTo(enc.definition());
        assertThat(ModelFile.encode(loaded)).isEqualTo(bytes);

        GreedyPolicy before = agent.greedy(enc);
        GreedyPolicy after = loaded.policy();
        for (int s = 0; s < enc.size(); s++) {
            assertThat(after.greedyAction(s)).as("state %d", s).isEqualTo(before.greedyAction(s));
            assertThat(after.qValues(s)).isEqualTo(before.qValues(s));
        }
        Agent restored = Agents.create(name, enc.size(), ActionSet.unit(), 0.1, 0.99);
        loaded.restoreInto(restored);
        assertThat(restored.tables()).isEqualTo(agent.tables());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 200, 5000, -40})
    void aCorruptedFileIsRefused(int position, @TempDir Path dir) throws Exception {
        StateEncoder enc = SeedAEncoder.defaults();
        byte[] bytes = ModelFile.encode(ModelFile.of(randomAgent("q-learning", enc), enc, Map.of()));
        int i = position >= 0 ? position : bytes.length + position;
        bytes[i] = (byte) (bytes[i] == '1' ? '2' : '1');
        Path file = dir.resolve("model.qtable");
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"format\": \"something-else\", \"version\": 1}\n", "hello, world\n", ""})
    void aForeignFileIsRefused(String content, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.qtable");
        Files.writeString(file, content);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Scalewise model file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"other-format", "version-2"})
    void aWellFormedFileOfAnotherFormatOrVersionIsRefused(String kind, @TempDir Path dir) throws Exception {
        StateEncoder enc = SeedAEncoder.defaults();
        String text = new String(ModelFile.encode(ModelFile.of(randomAgent("q-learning", enc), enc, Map.of())),
                StandardCharsets.UTF_8);
        String body = text.substring(0, text.lastIndexOf("sha256:"));
        body = kind.equals("other-format") ? body.replace("\"scalewise-qtable\"", "\"acme-qtable\"")
                : body.replace("\"version\": 1", "\"version\": 2");
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        Path file = dir.resolve("model.qtable");
        Files.writeString(file, body + "sha256:" + hex + "\n");
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kind.equals("other-format") ? "format is 'acme-qtable'" : "version 2");
    }
}

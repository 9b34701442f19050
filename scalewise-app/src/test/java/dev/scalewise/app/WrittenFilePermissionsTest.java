package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by commands are readable by others ({@code rw-r--r--}) like run files, not left {@code rw-------}. */
class WrittenFilePermissionsTest {

    private static String mode(Path f) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
    }

    @Test
    void compareOutputsAndChartsAreReadableByOthers(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        Path md = tmp.resolve("r.md");
        CliTest.Result r = CliTest.run("compare", "--policies", "static", "--steps", "30", "--history-steps", "0",
                "--seeds", "1", "--out", out.toString(), "--markdown", md.toString(), "--csv", tmp.resolve("r.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(mode(md)).isEqualTo("rw-r--r--");
        assertThat(mode(tmp.resolve("r.csv"))).isEqualTo("rw-r--r--");
        try (var files = Files.list(out)) {
            var all = files.toList();
            assertThat(all).anyMatch(f -> f.toString().endsWith(".png")).anyMatch(f -> f.toString().endsWith(".json"));
            for (Path f : all) {
                if (Files.isRegularFile(f)) {
                    assertThat(mode(f)).as(f.toString()).isEqualTo("rw-r--r--");
                }
            }
        }
    }
}

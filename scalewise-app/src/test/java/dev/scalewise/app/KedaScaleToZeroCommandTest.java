package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --policies keda --min-instances 0}: KEDA scales to zero at the poll its cooldown allows. */
class KedaScaleToZeroCommandTest {

    @Test
    void kedaScalesToZeroAtTheFirstPollStrictlyAfterLastActivePlusCooldown(@TempDir Path dir) throws Exception {
        // Traffic for 150 s, then none: 60 s steps carry rates > 0 for steps 0-2, 0 from step 3.
        Path trace = dir.resolve("burst.txt");
        Files.writeString(trace, ("10 ".repeat(150) + "0 ".repeat(900)).trim() + "\n");
        Path out = dir.resolve("cmp");
        CliTest.runOk("compare", "--policies", "keda", "--min-instances", "0", "--no-poisson", "--trace",
                trace.toString(), "--history-steps", "0", "--steps", "17", "--seeds", "1", "--out", out.toString(),
                "--no-charts");
        List<String> lines = Files.readAllLines(out.resolve("comparison_steps.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int step = header.indexOf("t");
        int ready = header.indexOf("ready");
        int booting = header.indexOf("booting");
        int zeroAt = -1;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            if (f[0].equals("keda") && zeroAt < 0 && Integer.parseInt(f[ready]) + Integer.parseInt(f[booting]) == 0) {
                zeroAt = Integer.parseInt(f[step]);
            }
        }
        // Polls every 30 s see the last step's rate: the poll at 210 s (step 3) is the last to see traffic (step 2's).
        // Zero needs 210 + 300 strictly before now: the poll at 540 s, step 9 (not the one at 510 s, step 8).
        assertThat(zeroAt).isEqualTo(9);
    }
}

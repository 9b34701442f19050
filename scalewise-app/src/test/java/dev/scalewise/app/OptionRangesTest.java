package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every numeric option has a range; extreme values give one line naming the option as typed. */
class OptionRangesTest {

    private static void collect(CommandLine cl, List<String> missing) {
        String command = cl.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", "");
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (OptionRanges.numeric(o) && OptionRanges.of(command, o.longestName()).isEmpty()) {
                missing.add(command + " " + o.longestName());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, missing);
        }
    }

    @Test
    void everyNumericOptionOfEveryCommandHasARange() {
        List<String> missing = new ArrayList<>();
        collect(Main.newCommandLine(), missing);
        assertThat(missing).as("numeric options without a range in OptionRanges").isEmpty();
    }

    /** Exit code 2 and exactly one line on standard error that contains {@code expected}. */
    private static void refused(String expected, String... args) {
        CliTest.Result r = CliTest.run(args);
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").contains(expected)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void extremeValuesAreRefusedWithOneLineNamingTheOptionAsTyped(@TempDir Path tmp) {
        refused("--boot-delay must be in [0, 86400] seconds, got 1e12", "simulate", "--boot-delay", "1e12");
        refused("--step-seconds must be in [1, 86400] seconds, got 1e-9", "simulate", "--step-seconds", "1e-9");
        refused("--step-seconds must be in [1, 86400] seconds, got NaN", "simulate", "--step-seconds", "NaN");
        refused("--episodes must be in [1, 1000000] episodes, got 1000000000", "train", "--episodes", "1000000000",
                "--out", tmp.resolve("t").toString());
        refused("Invalid value for option '--episodes': '1e9' is not an int", "train", "--episodes", "1e9",
                "--out", tmp.resolve("t").toString());
        refused("--steps must be in [1, 1051200] steps, got 999999999", "compare", "--steps", "999999999");
        refused("--port must be in [0, 65535], got 70000", "dashboard", "--port", "70000");
        refused("--gamma must be in [0, 1], got 1.5", "demo", "--gamma", "1.5");
        // the refused train created nothing
        assertThat(Files.exists(tmp.resolve("t"))).isFalse();
    }

    @Test
    void controlCharactersInEchoedInputAreEscaped() {
        CliTest.Result r = CliTest.run("simulate", "--workload", "\u001b]0;pwned\u0007\u001b[2J");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\x1b]0;pwned\\x07\\x1b[2J");
    }

    @Test
    void aPortInUseIsOneLine(@TempDir Path tmp) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            refused("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ", "dashboard", "--port",
                    Integer.toString(taken.getLocalPort()), "--runs-dir", tmp.toString());
        }
    }

    @Test
    void traceOnlyOptionsWithoutATraceAreRefusedNotIgnored() {
        refused("--scale applies to --trace only", "compare", "--scale", "2", "--steps", "10");
        refused("--from-step applies to --trace only", "explain", "--policy", "threshold", "--from-step", "5", "--steps", "10");
    }
}

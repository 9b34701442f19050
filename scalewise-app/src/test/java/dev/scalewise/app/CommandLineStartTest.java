package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineStartTest {

    @Test
    void aSubCommandAloneHasTheSameHelpAsInTheFullCommandLine() {
        Map<String, CommandLine> full = Main.newCommandLine().getSubcommands();
        int checked = 0;
        for (Map.Entry<String, CommandLine> e : full.entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            CommandLine only = Main.forArguments(new String[] {e.getKey(), "--help"});
            assertThat(only.getSubcommands()).containsOnlyKeys(e.getKey());
            assertThat(only.getSubcommands().get(e.getKey()).getUsageMessage()).as(e.getKey())
                    .isEqualTo(e.getValue().getUsageMessage());
            checked++;
        }
        assertThat(checked).isGreaterThan(15);
        // no sub-command named first: the full command line
        assertThat(Main.forArguments(new String[] {"--help"}).getSubcommands()).containsKeys("train", "help");
        assertThat(Main.forArguments(new String[] {"help", "train"}).getSubcommands()).containsKeys("train", "help");
        assertThat(Main.forArguments(new String[0]).getSubcommands()).containsKey("demo");
    }

    @Test
    void badOptionsFailAlikeWithOneLine() {
        for (String[] args : new String[][] {{"train", "--episodes", "x"}, {"train", "--no-such-option"},
            {"compare", "--seeds", "0"}, {"traces", "nope"}}) {
            assertThat(run(Main.forArguments(args), args)).as(String.join(" ", args))
                    .isEqualTo(run(Main.newCommandLine(), args));
        }
    }

    private static String run(CommandLine cl, String[] args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(out));
        int code = cl.execute(args);
        return code + "|" + out + "|" + err;
    }
}

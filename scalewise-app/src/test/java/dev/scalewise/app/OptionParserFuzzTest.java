package dev.scalewise.app;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Jazzer target for the command-line parser and {@link OptionRanges}: any argument list (a command, then options and
 * values drawn from the fuzzer) is either accepted, with every numeric option inside its range, or refused with exit
 * code 2 and one line on standard error, free of control characters; anything else (another exit code, a stack
 * trace, an exception) is a bug. Commands are parsed and checked, not run. The normal test run replays the
 * regression corpus in {@code src/test/resources/dev/scalewise/app/OptionParserFuzzTestInputs/options/}; to fuzz for
 * real: {@code JAZZER_FUZZ=1 mvn -o test -pl scalewise-app -am -Dtest=OptionParserFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OptionParserFuzzTest {
    private static final String[] COMMANDS = {"queue", "simulate", "train", "compare", "explain", "forecast", "demo",
        "sweep", "dashboard", "plot", "traces"};
    private static final String[] OPTIONS = {"--steps", "--episodes", "--boot-delay", "--step-seconds", "--port",
        "--seed", "--arrival-rate", "--service-rate", "--slo-p95-ms", "--servers", "--queue-limit", "--scale",
        "--from-step", "--trace", "--trace-seed", "--workload", "--checkpoint-every", "--gamma", "--alpha",
        "--max-instances", "--min-instances", "--horizon", "--history-steps", "--workers", "--resample", "--json"};
    private static final String[] VALUES = {"0", "1", "-1", "1e9", "1e12", "1e-9", "NaN", "Infinity", "-0",
        "2147483648", "9223372036854775808", "0x10", "1.5", "", " ", "\u001b[2J", "60"};

    @FuzzTest(maxDuration = "30s")
    void options(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>();
        args.add(data.pickValue(COMMANDS));
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            args.add(data.consumeBoolean() ? data.pickValue(OPTIONS) : data.consumeString(12));
            args.add(data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(24));
        }
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // parse and check ranges, but run nothing
        cl.setExecutionStrategy(parsed -> {
            OptionRanges.check(parsed);
            return 0;
        });
        int code = cl.execute(args.toArray(String[]::new));
        String e = err.toString().strip();
        if (code == 0 && e.isEmpty()) {
            return;
        }
        if (code != 2 || e.isEmpty() || e.contains("\n") || e.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)
                || e.contains("Exception")) {
            throw new AssertionError("args " + args + " gave exit " + code + " and: " + e);
        }
    }
}

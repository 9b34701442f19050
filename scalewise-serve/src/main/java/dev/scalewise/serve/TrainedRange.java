package dev.scalewise.serve;

import dev.scalewise.run.RunDirectory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * What a trained agent saw: the highest arrival rate in its run's {@code steps.csv} (column {@code arrival_rate}),
 * so that {@code serve --model} falls back on rates above anything it was trained on ({@code guard.maxRate}).
 */
public final class TrainedRange {
    private TrainedRange() {
    }

    /** The training peak of the run in {@code runDir}, or empty when it has no steps log. */
    public static OptionalDouble maxRate(Path runDir) throws IOException {
        Path steps = runDir.resolve(RunDirectory.STEPS);
        if (!Files.isRegularFile(steps)) {
            return OptionalDouble.empty();
        }
        try (BufferedReader in = Files.newBufferedReader(steps, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            int col = header == null ? -1 : java.util.Arrays.asList(header.split(",", -1)).indexOf("arrival_rate");
            if (col < 0) {
                throw new IOException(steps + ":1: no arrival_rate column");
            }
            double max = Double.NEGATIVE_INFINITY;
            long line = 1;
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                line++;
                String[] f = row.split(",", -1);
                if (f.length <= col) {
                    throw new IOException(steps + ":" + line + ": " + f.length + " fields, no arrival_rate");
                }
                try {
                    max = Math.max(max, Double.parseDouble(f[col]));
                } catch (NumberFormatException e) {
                    throw new IOException(steps + ":" + line + ": arrival_rate '" + f[col] + "' is not a number");
                }
            }
            return max == Double.NEGATIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(max);
        }
    }

    /** {@code config} with {@code guard.maxRate} set to the run's training peak, unless the config already sets one. */
    public static ServeConfig apply(ServeConfig config, Path runDir) throws IOException {
        if (config.guard().maxRate() > 0) {
            return config;
        }
        OptionalDouble max = maxRate(runDir);
        return max.isPresent() && max.getAsDouble() > 0
                ? config.withGuard(config.guard().withMaxRate(max.getAsDouble())) : config;
    }
}

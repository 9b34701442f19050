package dev.scalewise.serve;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import dev.scalewise.agent.QTable;
import dev.scalewise.env.Observation;
import dev.scalewise.run.RunDirectory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What a trained agent saw, read from its run folder, so that {@code serve --model} and {@code shadow --model} fall
 * back when a live input lies outside it:
 * <ul>
 *   <li>the range {@code [min, max]} of every observation input its {@code steps.csv} records: {@code arrival_rate},
 *       {@code ready}, {@code booting} and {@code utilization} (offered load per ready instance, uncapped, as the
 *       scaler computes it when it is not measured). The p95 is not checked: the scaler estimates it from the
 *       M/M/c model when it is not measured, so it is no independent input;</li>
 *   <li>for a tabular agent ({@code model.qtable}), the states it visited in training: those whose Q-values are not
 *       all zero (a state never updated keeps the initial zeros, where the greedy policy's answer is only its tie
 *       rule). The state is the agent's own encoding of the observation (every feature its encoder uses: for the
 *       default scale-free encoder headroom, load ratio, trend, forecast direction and booting), so this one check
 *       covers each of them, in the combinations it learned.</li>
 * </ul>
 * {@code steps.csv} logs every tenth training episode ({@code docs/training.md}), so the ranges are those of the
 * logged episodes; the visited states come from the model and cover all of them.
 */
public final class TrainedRange {
    /** The {@code steps.csv} columns checked, in order, and the {@link Observation} values they hold. */
    static final List<String> COLUMNS = List.of("arrival_rate", "ready", "booting", "utilization");

    private final double[] min;
    private final double[] max;
    private final BitSet visited;
    private final int states;

    /**
     * @param min     per {@link #COLUMNS} entry, the smallest value seen (NaN: not recorded, not checked)
     * @param max     per {@link #COLUMNS} entry, the largest value seen
     * @param visited the tabular agent's visited states (null: not a tabular agent)
     * @param states  the number of states of its encoder
     */
    TrainedRange(double[] min, double[] max, BitSet visited, int states) {
        this.min = min.clone();
        this.max = max.clone();
        this.visited = visited;
        this.states = states;
    }

    /** Nothing known: no check. */
    public static TrainedRange none() {
        double[] nan = new double[COLUMNS.size()];
        Arrays.fill(nan, Double.NaN);
        return new TrainedRange(nan, nan, null, 0);
    }

    /** The ranges of the run in {@code runDir} ({@code steps.csv}, {@code model.qtable}; either may be absent). */
    public static TrainedRange of(Path runDir) throws IOException {
        double[] min = new double[COLUMNS.size()];
        double[] max = new double[COLUMNS.size()];
        Arrays.fill(min, Double.NaN);
        Arrays.fill(max, Double.NaN);
        Path steps = runDir.resolve(RunDirectory.STEPS);
        if (Files.isRegularFile(steps)) {
            readSteps(steps, min, max);
        }
        BitSet visited = null;
        int states = 0;
        Path model = runDir.resolve(RunDirectory.MODEL);
        if (Files.isRegularFile(model)) {
            ModelFile.SavedModel m = ModelFile.read(model);
            states = m.tables().get(0).states();
            visited = visitedStates(m.tables());
        }
        return new TrainedRange(min, max, visited, states);
    }

    /** The states with a Q-value other than zero in any of {@code tables}. */
    static BitSet visitedStates(List<QTable> tables) {
        BitSet visited = new BitSet();
        for (QTable q : tables) {
            for (int s = 0; s < q.states(); s++) {
                for (double v : q.row(s)) {
                    if (v != 0) {
                        visited.set(s);
                        break;
                    }
                }
            }
        }
        return visited;
    }

    private static void readSteps(Path steps, double[] min, double[] max) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(steps, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            List<String> names = header == null ? List.of() : Arrays.asList(header.split(",", -1));
            int[] col = new int[COLUMNS.size()];
            int last = -1;
            for (int i = 0; i < col.length; i++) {
                col[i] = names.indexOf(COLUMNS.get(i));
                last = Math.max(last, col[i]);
            }
            if (col[0] < 0) {
                throw new IOException(steps + ":1: no arrival_rate column");
            }
            long line = 1;
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                line++;
                String[] f = row.split(",", -1);
                if (f.length <= last) {
                    throw new IOException(steps + ":" + line + ": " + f.length + " fields, expected at least "
                            + (last + 1));
                }
                for (int i = 0; i < col.length; i++) {
                    if (col[i] < 0) {
                        continue;
                    }
                    double v;
                    try {
                        v = Double.parseDouble(f[col[i]]);
                    } catch (NumberFormatException e) {
                        throw new IOException(steps + ":" + line + ": " + COLUMNS.get(i) + " '" + f[col[i]]
                                + "' is not a number");
                    }
                    if (!Double.isFinite(v)) {
                        throw new IOException(steps + ":" + line + ": " + COLUMNS.get(i) + " is " + f[col[i]]);
                    }
                    min[i] = Double.isNaN(min[i]) ? v : Math.min(min[i], v);
                    max[i] = Double.isNaN(max[i]) ? v : Math.max(max[i], v);
                }
            }
        }
    }

    /** The training peak of the arrival rate, or empty when the run logged no steps. */
    public OptionalDouble maxRate() {
        return Double.isNaN(max[0]) ? OptionalDouble.empty() : OptionalDouble.of(max[0]);
    }

    /** The trained {@code [min, max]} of {@code column} (one of {@link #COLUMNS}), NaNs when not recorded. */
    public double[] range(String column) {
        int i = COLUMNS.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no trained range for '" + column + "'; known: " + COLUMNS);
        }
        return new double[] {min[i], max[i]};
    }

    /** Whether it knows a tabular agent's visited states. */
    public boolean hasStates() {
        return visited != null;
    }

    /** Why {@code o} lies outside the trained ranges (every input out of range, with its numbers), or null. */
    public String outside(Observation o) {
        double[] v = {o.arrivalRate(), o.ready(), o.booting(), o.utilization()};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(min[i]) && (v[i] < min[i] || v[i] > max[i])) {
                out.add(String.format(Locale.ROOT, "%s %s outside the trained [%s, %s]", COLUMNS.get(i), num(v[i]),
                        num(min[i]), num(max[i])));
            }
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }

    /**
     * Why state {@code s} of {@code policy} is outside training (never visited: its Q-values are the initial zeros),
     * or null when it was visited or no states are known.
     */
    public String unvisited(GreedyPolicy policy, int s) {
        if (visited == null || visited.get(s)) {
            return null;
        }
        if (policy.encoder().size() != states) {
            throw new IllegalStateException("the served agent has " + policy.encoder().size()
                    + " states but its model " + states);
        }
        return "state " + s + " (" + policy.encoder().describe(s) + ") never visited in training";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}

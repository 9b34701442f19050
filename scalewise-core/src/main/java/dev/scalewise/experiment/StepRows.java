package dev.scalewise.experiment;

import dev.scalewise.env.StepBuffer;
import dev.scalewise.env.StepInfo;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The rows of a training's {@code steps.csv}, formatted off the training thread. The training thread copies each
 * step's numbers into a block of primitive columns (no text, no allocation); a full block goes to one background
 * thread, which formats its rows, in order, into one text of whole lines (each ending in a newline) and hands that
 * text to the sink, once per block. Formatting doubles (Java's shortest round-trip form) was a quarter of a logged
 * training's time (docs/performance.md); on a machine with a second core it now overlaps the training, and one text
 * per block (not one per line) spares the sink a string, a copy and a character encoder's call for every line. The
 * lines are the ones the training thread used to format itself, byte for byte ({@code StepRowsTest}).
 *
 * <p>Columns: {@code episode,t,state,arrival_rate,ready,booting,utilization,p95_latency_s,dropped,action,reward},
 * then one column per reward term, then {@code epsilon}. {@link #drain()} returns once every row added so far has
 * reached the sink (a checkpoint drains before it flushes the file); an error of the sink comes back from the next
 * {@link #add}, {@link #drain()} or {@link #close()}.
 */
final class StepRows implements AutoCloseable {
    static final int BLOCK_ROWS = 4096;
    private static final int INTS = 6;
    private static final int FIXED_DOUBLES = 6;

    private final Consumer<CharSequence> sink;
    private final int terms;
    private final int doublesPerRow;
    private final ExecutorService writer;
    /** The writer thread's text of a block (only that thread touches it). */
    private final StringBuilder text = new StringBuilder(BLOCK_ROWS * 128);
    /** The writer thread's last epsilon and its text: epsilon is the same for a whole episode's rows. */
    private long epsilonBits;
    private String epsilonText;
    private Block block;
    private Future<?> last;

    /** A block of rows in columns: ints episode, t, state, ready, booting, action; doubles the rest. */
    private static final class Block {
        final int[] ints;
        final double[] doubles;
        int rows;

        Block(int doublesPerRow) {
            ints = new int[BLOCK_ROWS * INTS];
            doubles = new double[BLOCK_ROWS * doublesPerRow];
        }
    }

    /**
     * @param sink  receives the rows' lines, several at a time, each ending in a newline, on the background thread
     *              (ASCII only: numbers, {@code NaN}, {@code Infinity}, commas and newlines)
     * @param terms the reward function's number of terms
     */
    StepRows(Consumer<CharSequence> sink, int terms) {
        this.sink = sink;
        this.terms = terms;
        this.doublesPerRow = FIXED_DOUBLES + terms;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "steps.csv writer");
            t.setDaemon(true);
            return t;
        });
        this.block = new Block(doublesPerRow);
    }

    /** Adds a step of an environment stepped into a buffer. */
    void add(int episode, int state, StepBuffer s, double epsilon) {
        double[] terms = s.rewardTerms;
        int d = row(episode, s.step, state, s.ready, s.booting, s.requestedDelta);
        double[] v = block.doubles;
        v[d] = s.arrivalRate;
        v[d + 1] = s.utilization;
        v[d + 2] = s.p95;
        v[d + 3] = s.dropped;
        v[d + 4] = s.reward;
        System.arraycopy(terms, 0, v, d + 5, this.terms);
        v[d + 5 + this.terms] = epsilon;
        full();
    }

    /** Adds a step from its info. */
    void add(int episode, int state, StepInfo s, double epsilon) {
        double[] terms = s.rewardTerms();
        int d = row(episode, s.step(), state, s.ready(), s.booting(), s.requestedDelta());
        double[] v = block.doubles;
        v[d] = s.arrivalRate();
        v[d + 1] = s.utilization();
        v[d + 2] = s.p95();
        v[d + 3] = s.dropped();
        v[d + 4] = s.reward();
        System.arraycopy(terms, 0, v, d + 5, this.terms);
        v[d + 5 + this.terms] = epsilon;
        full();
    }

    private int row(int episode, int t, int state, int ready, int booting, int action) {
        int i = block.rows * INTS;
        int[] n = block.ints;
        n[i] = episode;
        n[i + 1] = t;
        n[i + 2] = state;
        n[i + 3] = ready;
        n[i + 4] = booting;
        n[i + 5] = action;
        return block.rows * doublesPerRow;
    }

    private void full() {
        if (++block.rows == BLOCK_ROWS) {
            submit();
        }
    }

    private void submit() {
        if (block.rows == 0) {
            return;
        }
        check(false);
        Block b = block;
        last = writer.submit(() -> format(b));
        block = new Block(doublesPerRow);
    }

    /** Waits until every row added so far has reached the sink. */
    void drain() {
        submit();
        check(true);
    }

    /** Rethrows the sink's error, if any; waits for the last block when {@code wait}. */
    private void check(boolean wait) {
        if (last == null || (!wait && !last.isDone())) {
            return;
        }
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing steps.csv", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void format(Block b) {
        StringBuilder line = text;
        line.setLength(0);
        for (int r = 0; r < b.rows; r++) {
            int i = r * INTS;
            int d = r * doublesPerRow;
            int[] n = b.ints;
            double[] v = b.doubles;
            line.append(n[i]).append(',').append(n[i + 1]).append(',').append(n[i + 2]).append(',');
            appendDouble(line, v[d]).append(',').append(n[i + 3]).append(',').append(n[i + 4]).append(',');
            appendDouble(line, v[d + 1]).append(',');
            appendDouble(line, v[d + 2]).append(',');
            appendDouble(line, v[d + 3]).append(',').append(n[i + 5]).append(',');
            appendDouble(line, v[d + 4]);
            for (int k = 0; k < terms; k++) {
                appendDouble(line.append(','), v[d + 5 + k]);
            }
            double epsilon = v[d + 5 + terms];
            if (epsilonText == null || Double.doubleToRawLongBits(epsilon) != epsilonBits) {
                epsilonBits = Double.doubleToRawLongBits(epsilon);
                epsilonText = Double.toString(epsilon);
            }
            line.append(',').append(epsilonText).append('\n');
        }
        sink.accept(line);
    }

    /**
     * {@code sb.append(x)}: Java's {@link Double#toString(double)}, with a shortcut for whole numbers below 10^7
     * in magnitude, which it writes as the integer and {@code .0} (negative zero excluded: {@code -0.0}).
     */
    static StringBuilder appendDouble(StringBuilder sb, double x) {
        if (x == (long) x && Math.abs(x) < 1e7 && Double.doubleToRawLongBits(x) != Long.MIN_VALUE) {
            return sb.append((long) x).append(".0");
        }
        return sb.append(x);
    }

    /** Drains, then stops the background thread. */
    @Override
    public void close() {
        try {
            drain();
        } finally {
            writer.shutdown();
        }
    }
}

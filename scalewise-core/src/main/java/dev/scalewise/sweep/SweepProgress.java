package dev.scalewise.sweep;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a sweep on a stream (standard error): cells done, failed, running and left, elapsed time and an ETA
 * (elapsed / cells done here x cells left). On a terminal one redrawn line; otherwise a plain line per finished cell.
 */
public final class SweepProgress implements ProgressListener {
    private final PrintStream out;
    private final boolean interactive;
    private final int total;
    private final int skipped;
    private final long t0 = System.nanoTime();
    private int done;
    private int failed;
    private int running;

    /**
     * @param out         where lines go
     * @param interactive redraw one line (a terminal)
     * @param total       cells in the sweep
     * @param skipped     cells already finished in an earlier session (counted as done)
     */
    public SweepProgress(PrintStream out, boolean interactive, int total, int skipped) {
        this.out = out;
        this.interactive = interactive;
        this.total = total;
        this.skipped = skipped;
    }

    @Override
    public synchronized void started(SweepCell cell) {
        running++;
        if (interactive) {
            print(null);
        }
    }

    @Override
    public synchronized void finished(CellResult r) {
        running--;
        done++;
        if (!r.ok()) {
            failed++;
        }
        print(r);
    }

    /** The current line (for tests and the final message). */
    public synchronized String line() {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        int left = total - skipped - done - running;
        int remaining = total - skipped - done;
        String eta = done == 0 ? "?" : duration(elapsed / done * remaining);
        return String.format(Locale.ROOT, "cells %d/%d done (%d skipped, %d failed), %d running, %d left, elapsed %s, ETA %s",
                skipped + done, total, skipped, failed, running, Math.max(0, left), duration(elapsed), eta);
    }

    private void print(CellResult r) {
        if (interactive) {
            out.print("\r" + line() + "   ");
            if (skipped + done == total) {
                out.println();
            }
        } else if (r != null) {
            out.println(line() + (r.ok() ? "" : "  [cell " + r.index() + " failed: " + r.error() + "]"));
        }
        out.flush();
    }

    static String duration(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}

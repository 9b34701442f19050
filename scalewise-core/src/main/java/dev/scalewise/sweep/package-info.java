/**
 * Sweeps: many configurations, training seeds and workloads, each trained and then evaluated on held-out data.
 *
 * <p>{@link dev.scalewise.sweep.SweepSpec} (YAML or JSON, strict and validated before any work) expands into
 * {@link dev.scalewise.sweep.SweepCell}s; {@link dev.scalewise.sweep.CellRunner} turns one cell into a
 * {@link dev.scalewise.sweep.CellResult} (a pure function of the cell); a {@link dev.scalewise.sweep.SweepEngine}
 * runs many cells ({@link dev.scalewise.sweep.LocalEngine} here, a Spark engine in {@code scalewise-spark});
 * {@link dev.scalewise.sweep.CellStore} records finished cells so that a restarted sweep skips them;
 * {@link dev.scalewise.sweep.SweepReport} aggregates configurations and picks the best by an
 * {@link dev.scalewise.sweep.Objective}. {@link dev.scalewise.sweep.Sweep} ties them together.
 */
package dev.scalewise.sweep;

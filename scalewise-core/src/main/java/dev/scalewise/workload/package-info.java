/**
 * Workloads: the {@link dev.scalewise.workload.Trace} the simulator consumes, synthetic generators
 * (diurnal, seed presets, step, flash crowd, Poisson sampling) and the readers of real trace formats.
 */
package dev.scalewise.workload;

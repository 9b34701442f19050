/**
 * Reference policies that put a learned autoscaler in context: {@code perfect-forecast} (the true rate over the
 * boot horizon, never deployable), {@code mpc} (a forecast + the queueing model's minimum + a tuned margin) and the
 * baselines at their best (target utilization tuned on the training part), with the tuning that sets their knobs.
 */
package dev.scalewise.reference;

/**
 * Queueing physics as pure functions: Erlang B/C by the stable recursion, M/M/c waiting and sojourn-time
 * quantiles, M/M/c/K blocking, and the hybrid {@link dev.scalewise.queue.QueueModel} one simulation step
 * uses (stationary M/M/c when stable, fluid backlog when overloaded). See {@code shared/design/PHYSICS.md}.
 */
package dev.scalewise.queue;

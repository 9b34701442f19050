/**
 * Metrics: the one place key performance indicators (cost, SLA compliance, latency, drops, actions, flaps,
 * utilization) are computed from step records.
 */
package dev.scalewise.metrics;

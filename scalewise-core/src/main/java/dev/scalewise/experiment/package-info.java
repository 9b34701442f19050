/**
 * Experiments: seeds split into named streams, specs, the name-to-factory registry, the episode loop, runners
 * and comparisons.
 */
package dev.scalewise.experiment;

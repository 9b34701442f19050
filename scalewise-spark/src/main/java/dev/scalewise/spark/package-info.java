/**
 * Sweeps on Apache Spark: {@link dev.scalewise.spark.SparkEngine} runs cells as Spark tasks (embedded
 * {@code local[*]} by default, bound to 127.0.0.1 with the UI off), and {@link dev.scalewise.spark.SparkSweepMain}
 * is the {@code spark-submit} entry point for clusters.
 */
package dev.scalewise.spark;

/**
 * Run folders: the writer and reader of {@code spec.json}, {@code provenance.json}, {@code steps.csv},
 * {@code episodes.csv}, {@code summary.json} and model files, all written atomically.
 */
package dev.scalewise.run;

/**
 * Run folders: {@link dev.scalewise.run.RunDirectory} writes and reads them (spec, provenance, CSV logs, model,
 * summary), always through atomic renames; {@link dev.scalewise.run.Provenance} records where a result came from.
 */
package dev.scalewise.run;

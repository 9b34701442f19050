/**
 * Environments in the Gymnasium shape: {@code reset(seed)} and {@code step(action)} returning observation,
 * reward, terminated, truncated and an info record. {@link dev.scalewise.env.AutoscaleEnv} is the honest one;
 * {@link dev.scalewise.env.LegacySeedAEnv} and {@link dev.scalewise.env.LegacySeedBEnv} reproduce the seed
 * projects' simplified dynamics so Scalewise can be compared with them on their own terms.
 */
package dev.scalewise.env;

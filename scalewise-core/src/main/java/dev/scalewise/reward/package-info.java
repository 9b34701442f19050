/**
 * Rewards: {@link dev.scalewise.reward.RewardFunction} with weights in named units and a per-term breakdown
 * reported in every step's info, and the presets.
 */
package dev.scalewise.reward;

/**
 * Tabular agents: the {@link dev.scalewise.agent.Agent} contract (an agent learns from transitions; its frozen
 * greedy policy is what gets evaluated), the dense {@link dev.scalewise.agent.QTable}, Q-learning, SARSA and
 * Double Q-learning, exploration schedules, state encoders and the versioned model file format
 * ({@link dev.scalewise.agent.ModelFile}).
 */
package dev.scalewise.agent;

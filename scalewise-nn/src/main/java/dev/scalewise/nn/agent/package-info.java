/**
 * Deep reinforcement-learning agents trained with DJL on PyTorch (CPU, offline): {@link
 * dev.scalewise.nn.agent.DqnAgent} (DQN with the Double-DQN target, replay, target network, Huber loss, gradient
 * clipping) learning from feature vectors of a {@link dev.scalewise.nn.agent.FeatureEnvironment}, its frozen greedy
 * {@link dev.scalewise.nn.agent.DqnPolicy}, and the checksummed model files of a run folder
 * ({@link dev.scalewise.nn.agent.DqnModelFile}).
 */
package dev.scalewise.nn.agent;

/**
 * Neural forecasters trained for real with DJL on the PyTorch engine (CPU, offline): {@link
 * dev.scalewise.nn.forecast.LstmForecaster} and {@link dev.scalewise.nn.forecast.TcnForecaster}, their shared
 * windowed training loop ({@link dev.scalewise.nn.forecast.NeuralForecaster}: normalised inputs, Adam on the MSE,
 * a validation split with early stopping, a seed), artifacts with training metadata, and the
 * {@link dev.scalewise.nn.forecast.NeuralForecasterProvider} that adds {@code lstm} and {@code tcn} to the core's
 * forecaster registry.
 */
package dev.scalewise.nn.forecast;

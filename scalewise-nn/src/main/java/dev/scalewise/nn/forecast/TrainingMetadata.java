package dev.scalewise.nn.forecast;

/**
 * What a trained neural forecaster carries with it (saved next to its parameters as JSON).
 *
 * @param kind                 {@code lstm} or {@code tcn}
 * @param config               the hyper-parameters
 * @param mean                 normalisation: mean of the training split (inputs are {@code (y - mean) / std})
 * @param std                  normalisation: standard deviation of the training split
 * @param epochs               epochs run
 * @param bestEpoch            epoch (1-based) whose parameters were kept (lowest validation loss)
 * @param trainLoss            mean training MSE (normalised units) of the best epoch (mean pinball loss for a
 *                             quantile head)
 * @param validationLoss       validation MSE (normalised units) of the best epoch (mean pinball loss for a
 *                             quantile head)
 * @param trainSamples         windows used for training
 * @param validationSamples    windows used for validation
 * @param validationFromTrain  whether the validation windows were carved from the end of the training split
 *                             (no validation split was given)
 * @param trainSeconds         wall time of training (informative; not part of the model)
 * @param threads              PyTorch intra-op threads during training
 * @param djlVersion           DJL version
 * @param engineVersion        PyTorch version
 * @param javaVersion          JVM version
 * @param os                   operating system and architecture
 */
public record TrainingMetadata(String kind, NeuralConfig config, double mean, double std, int epochs, int bestEpoch,
                               double trainLoss, double validationLoss, int trainSamples, int validationSamples,
                               boolean validationFromTrain, double trainSeconds, int threads, String djlVersion,
                               String engineVersion, String javaVersion, String os) {
}

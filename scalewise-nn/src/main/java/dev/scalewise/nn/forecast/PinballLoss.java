package dev.scalewise.nn.forecast;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * The pinball (quantile) loss of several levels at once (Koenker &amp; Bassett, "Regression Quantiles",
 * Econometrica 46, 1978), as in multi-quantile forecasting networks (Wen, Torkkola, Narayanaswamy &amp; Madeka, "A
 * Multi-Horizon Quantile Recurrent Forecaster", 2017): for targets {@code y} of shape (batch, horizon) and
 * predictions {@code f} of shape (batch, horizon, levels), the mean over every element of
 * {@code max(q (y - f), (q - 1)(y - f))} with {@code q} the level of the last axis. Its minimiser over {@code f} is
 * the q-quantile of {@code y}, so one network learns all levels jointly.
 */
final class PinballLoss extends Loss {
    private final float[] levels;

    PinballLoss(List<Double> levels) {
        super("pinball");
        this.levels = new float[levels.size()];
        for (int i = 0; i < this.levels.length; i++) {
            this.levels[i] = levels.get(i).floatValue();
        }
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray f = predictions.singletonOrThrow();
        NDArray y = labels.singletonOrThrow().expandDims(2);
        NDArray q = f.getManager().create(levels, new Shape(1, 1, levels.length));
        NDArray diff = y.sub(f);
        return diff.mul(q).maximum(diff.mul(q.sub(1))).mean();
    }

    /** The same loss on plain arrays, for validation: {@code p} is rows x horizon x levels, row-major. */
    double mean(float[] p, float[] z, int[] ends, int from, int to, int horizon) {
        int l = levels.length;
        double sum = 0;
        for (int i = from; i < to; i++) {
            for (int k = 0; k < horizon; k++) {
                double y = z[ends[i] + k];
                for (int j = 0; j < l; j++) {
                    double d = y - p[((i - from) * horizon + k) * l + j];
                    sum += Math.max(levels[j] * d, (levels[j] - 1) * d);
                }
            }
        }
        return sum / l;
    }
}

package dev.scalewise.nn.forecast;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What a forecasting network's raw outputs become (no parameters of its own):
 * <ul>
 *   <li><b>Quantile head</b> ({@link NeuralConfig#isQuantile()}): the (batch, horizon x levels) raw outputs are read
 *   as (batch, horizon, levels) and made monotone in the level by cumulative softplus increments: level 0 is the raw
 *   value, level {@code j} adds {@code softplus(raw_j)} &gt; 0 to level {@code j - 1}, so the quantiles never cross
 *   (the non-crossing construction of, e.g., Park, Maddix, Aubet, Kan, Gasthaus &amp; Wang, "Learning Quantile
 *   Functions without Quantile Crossing for Distribution-free Time Series Forecasting", AISTATS 2022).</li>
 *   <li><b>Last-value anchor</b> ({@link NeuralConfig#anchorLast()}): the network sees the window minus its last
 *   value and that value is added back to every output, so it learns the change from the last value (the naive
 *   forecast's residual) and is equivariant to a shift of the level: a series moved by {@code c} gets forecasts moved
 *   by {@code c}, so a level the training split never reached passes through instead of being pulled back.</li>
 * </ul>
 */
final class OutputHead extends AbstractBlock {
    private final Block base;
    private final int horizon;
    private final int levels;
    private final boolean quantile;
    private final boolean anchor;

    OutputHead(Block base, NeuralConfig c) {
        this.base = addChildBlock("net", base);
        this.horizon = c.horizon();
        this.levels = c.levels();
        this.quantile = c.isQuantile();
        this.anchor = c.anchorLast();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (batch, window, 1)
        NDArray in = anchor ? x.sub(x.get(":, -1:, :")) : x;
        NDArray out = base.forward(ps, new NDList(in), training).singletonOrThrow();
        if (quantile) {
            NDArray raw = out.reshape(-1, horizon, levels);
            NDArray first = raw.get(":, :, 0:1");
            out = levels == 1 ? first
                    : first.concat(Activation.softPlus(raw.get(":, :, 1:")), 2).cumSum(2);
            if (anchor) {
                out = out.add(x.get(":, -1:, :")); // (batch, 1, 1)
            }
        } else if (anchor) {
            out = out.add(x.get(":, -1, :")); // (batch, 1)
        }
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {quantile ? new Shape(batch, horizon, levels) : new Shape(batch, horizon)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        base.initialize(manager, dataType, inputShapes);
    }
}

package dev.scalewise.nn.forecast;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;

/**
 * An LSTM forecaster (Hochreiter &amp; Schmidhuber 1997): the last {@code window} normalised values run through
 * {@code layers} LSTM layers of {@code hidden} units; a linear layer maps the last hidden state to the next
 * {@code horizon} values. Trained as described in {@link NeuralForecaster}.
 */
public final class LstmForecaster extends NeuralForecaster {

    /** An untrained LSTM forecaster. */
    public LstmForecaster(NeuralConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "lstm";
    }

    @Override
    protected Block newBlock(NeuralConfig c) {
        return new SequentialBlock()
                .add(LSTM.builder().setStateSize(c.hidden()).setNumLayers(c.layers()).optBatchFirst(true)
                        .optReturnState(false).build())
                .add(list -> new NDList(list.singletonOrThrow().get(":, -1, :")), "last-step")
                .add(Linear.builder().setUnits((long) c.horizon() * c.levels()).build());
    }
}

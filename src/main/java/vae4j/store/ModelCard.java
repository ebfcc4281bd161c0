package vae4j.store;

import java.util.List;
import vae4j.model.ModelConfig;
import vae4j.train.EpochMetrics;
import vae4j.train.Progress;
import vae4j.train.TrainConfig;

/**
 * What a model folder says about its model, without the weights: the architecture and input, how it was trained, on
 * which data, and how each epoch went. Reading it needs no engine.
 *
 * @param progress where the run stood when it was saved
 */
public record ModelCard(ModelConfig config, TrainConfig training, DatasetInfo dataset, List<EpochMetrics> history,
                        Progress progress) {
    public ModelCard {
        history = List.copyOf(history);
    }

    /** True when every epoch of {@code training().epochs()} is done. */
    public boolean finished() {
        return progress.finished(training.epochs());
    }
}

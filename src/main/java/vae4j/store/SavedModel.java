package vae4j.store;

import java.util.List;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Progress;
import vae4j.train.TrainConfig;

/**
 * A model with everything needed to reuse it (training settings, data fingerprint, history) and to continue training
 * it ({@code progress}: where the run stood when it was saved).
 */
public record SavedModel(Vae model, TrainConfig training, DatasetInfo dataset, List<EpochMetrics> history,
                         Progress progress) {
    public SavedModel {
        history = List.copyOf(history);
        if (progress == null) {
            progress = Progress.startOf(history.size() + 1);
        }
    }

    /** A model whose training finished (or that is not meant to be resumed). */
    public SavedModel(Vae model, TrainConfig training, DatasetInfo dataset, List<EpochMetrics> history) {
        this(model, training, dataset, history, null);
    }

    /** The model's description (everything but the weights). */
    public ModelCard card() {
        return new ModelCard(model.config(), training, dataset, history, progress);
    }

    /** True when every epoch of {@code training().epochs()} is done. */
    public boolean finished() {
        return progress.finished(training.epochs());
    }
}

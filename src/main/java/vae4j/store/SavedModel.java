package vae4j.store;

import java.util.List;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.TrainConfig;

/** A model with everything needed to reuse it: training settings, data fingerprint and history. */
public record SavedModel(Vae model, TrainConfig training, DatasetInfo dataset, List<EpochMetrics> history) {
    public SavedModel {
        history = List.copyOf(history);
    }
}

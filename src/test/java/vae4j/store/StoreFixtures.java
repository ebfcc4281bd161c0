package vae4j.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Preset;

/** Small models with a history of a given length, and folder listings. */
final class StoreFixtures {
    /** A tiny MLP (hidden 8, latent 2): saves and loads in milliseconds. */
    static final ModelConfig TINY = Preset.PYTORCH_MLP.model(1, 28, 28).withHidden(List.of(8)).withLatentDim(2);

    private StoreFixtures() {
    }

    static List<EpochMetrics> history(int epochs) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            h.add(new EpochMetrics(e, 300 - e, 280, 20 - e, 290 - e, 270, 20 - e, 1000, 1.5));
        }
        return h;
    }

    /** A model of {@code vae} after {@code epochs} epochs (progress: the start of the next epoch). */
    static SavedModel model(Vae vae, int epochs) {
        return new SavedModel(vae, Preset.PYTORCH_MLP.training(), new DatasetInfo("d", "s", 1, 1, "t"),
                history(epochs));
    }

    static SavedModel model(long seed, int epochs) {
        return model(Vae.create(TINY, seed), epochs);
    }

    /** Names in {@code dir}, sorted (hidden ones included). */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<String> versions(Path m) throws IOException {
        return names(m.resolve(".versions"));
    }
}

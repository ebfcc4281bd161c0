package vae4j.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which data a model was trained on, and how it was read.
 *
 * @param name      catalogue name, or the path of the folder or file
 * @param sha256    SHA-256 of the training and test examples and labels (see {@code DataSplits.sha256()})
 * @param trainSize training examples used
 * @param testSize  test examples used
 * @param source    where the files came from, in words
 * @param options   how the source was read, to read it again the same way (e.g. {@code label_column},
 *                  {@code test_fraction}, {@code split_seed}, {@code image_size}); empty for catalogue data
 */
public record DatasetInfo(String name, String sha256, int trainSize, int testSize, String source,
                          Map<String, String> options) {
    public DatasetInfo {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** What a model trained on {@code data} records about it (its fingerprint hashes every example once). */
    public static DatasetInfo of(vae4j.data.DataSplits data) {
        return new DatasetInfo(data.name(), data.sha256(), data.train().size(), data.test().size(), data.source(),
                data.recipe() == null ? null : data.recipe().toOptions());
    }

    /** Data read with default options. */
    public DatasetInfo(String name, String sha256, int trainSize, int testSize, String source) {
        this(name, sha256, trainSize, testSize, source, Map.of());
    }
}

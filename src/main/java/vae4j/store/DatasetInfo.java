package vae4j.store;

/**
 * Which data a model was trained on.
 *
 * @param name      catalogue name or folder name
 * @param sha256    SHA-256 of the training and test images and labels (see {@code DataSplits.sha256()})
 * @param trainSize training images used
 * @param testSize  test images used
 * @param source    where the files came from, in words
 */
public record DatasetInfo(String name, String sha256, int trainSize, int testSize, String source) {
}

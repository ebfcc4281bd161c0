package vae4j.spark;

import org.apache.spark.ml.Transformer;

/**
 * What {@link VaeEncoder} and {@link VaeScorer} share: the model folder, how many rows go through libtorch at once,
 * where the examples are in a row (the model's columns by name, a picture source, or an array column) and the label
 * column of a conditional model.
 *
 * @param <T> the transformer itself, so that setters chain
 */
public abstract class ModelTransformer<T extends ModelTransformer<T>> extends Transformer {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private String modelPath;
    private int batchSize;
    private String featuresColumn;
    private String labelColumn;
    private String sourceName = "input";

    ModelTransformer(String uid, int batchSize) {
        this.uid = uid;
        this.batchSize = batchSize;
    }

    @Override
    public String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** The model folder: a local path or any Hadoop file system URI ({@code hdfs://}, {@code s3a://}, ...). */
    public T setModelPath(String path) {
        this.modelPath = path;
        return self();
    }

    /**
     * Rows sent through libtorch at once per task (default 64 for {@link VaeScorer}, 256 for {@link VaeEncoder});
     * does not change the results.
     */
    public T setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return self();
    }

    /** An array column ({@code [features]} float or double, model space) holding the examples. */
    public T setFeaturesColumn(String column) {
        this.featuresColumn = column;
        return self();
    }

    /** The label column of a conditional model (integer codes, or strings coded in sorted order). */
    public T setLabelColumn(String column) {
        this.labelColumn = column;
        return self();
    }

    /** What the input is called in error messages (default {@code input}; the job gives its path). */
    public T setSourceName(String name) {
        this.sourceName = name;
        return self();
    }

    String modelPath() {
        return modelPath;
    }

    int batchSize() {
        return batchSize;
    }

    /** Copies the shared settings into {@code copy} (for {@link #copy}). */
    T copySharedInto(T copy) {
        ModelTransformer<T> c = copy;
        c.modelPath = modelPath;
        c.batchSize = batchSize;
        c.featuresColumn = featuresColumn;
        c.labelColumn = labelColumn;
        c.sourceName = sourceName;
        return copy;
    }

    RowReader.Options options() {
        return new RowReader.Options(featuresColumn, labelColumn, sourceName);
    }
}

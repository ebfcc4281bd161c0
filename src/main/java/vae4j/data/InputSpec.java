package vae4j.data;

/**
 * What one example looks like to a model: an image {@code [channels, height, width]} or a row of named table columns.
 * Every example is handed to models as {@link #features()} float32 values ("model space"): images as grey levels or
 * colour intensities in [0, 1], row-major {@code [c, h, w]}; table rows encoded column by column as
 * {@link TableSpec} describes (standardised numbers, 0/1 for binary columns, one-hot for categorical columns).
 */
public sealed interface InputSpec permits ImageSpec, TableSpec {
    /** Values per example in model space. */
    int features();

    /** A short description for logs, e.g. {@code 3x64x64 images} or {@code table of 14 columns}. */
    String describe();

    /** The shape of a batch of {@code n} examples, e.g. {@code [n, c, h, w]} or {@code [n, features]}. */
    long[] batchShape(long n);
}

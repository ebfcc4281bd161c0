package vae4j.data;

/** How a table column is typed, encoded for the model, and modelled by the decoder. */
public enum ColumnKind {
    /** A real number: standardised with the training split's mean and standard deviation; Gaussian likelihood. */
    NUMERIC,
    /** Exactly two values: encoded 0/1 (the first level is 0); Bernoulli likelihood. */
    BINARY,
    /** A few text values: one-hot over the levels; categorical (softmax) likelihood. */
    CATEGORICAL;

    /** The lower-case name used in JSON and messages. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

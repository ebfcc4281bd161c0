package vae4j.serve;

import vae4j.data.Dataset;
import vae4j.model.Vae;

/**
 * A score per example, shown when the pointer rests on a point. The explorer asks for one implementation at start-up;
 * {@link ElboScores} is the default, and an anomaly scorer from {@code vae4j.eval} can take its place by implementing
 * this interface.
 */
public interface ExampleScores {
    /** What the score is, e.g. {@code -ELBO}. */
    String name();

    /** Its unit, e.g. {@code nats}. */
    String unit();

    /** One score per example of {@code data}: {@code [data.size()]}. */
    double[] score(Vae vae, Dataset data);
}

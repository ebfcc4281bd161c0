package vae4j.train;

import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Rng;
import vae4j.model.Vae;

/**
 * What one training step minimises, and the true -ELBO of the same batch beside it, so that runs with different
 * objectives stay comparable. A new objective is one implementation plus one line in {@link #of}.
 */
public interface Objective {
    /**
     * Scalars averaged over the batch, in nats per example.
     *
     * @param objective      what is minimised (its gradient is taken)
     * @param reconstruction -log p(x|z) of one posterior sample
     * @param kl             KL(q(z|x) || N(0, I)), analytic
     */
    record Terms(Tensor objective, Tensor reconstruction, Tensor kl) {
    }

    /**
     * @param x          {@code [batch, ...input]} in model space
     * @param labels     {@code [batch, classes]} one-hot labels of a conditional model, or null
     * @param epochsDone training done before this step, in epochs (drives KL schedules)
     * @param rng        where this step's noise comes from
     */
    Terms loss(Vae model, Tensor x, Tensor labels, double epochsDone, Rng rng);

    /** The objective described by {@code spec} for a run of {@code epochs} epochs. */
    static Objective of(ObjectiveSpec spec, int epochs) {
        return spec.kind().equals(ObjectiveSpec.IWAE) ? new IwaeObjective(spec.k()) : new ElboObjective(spec, epochs);
    }
}

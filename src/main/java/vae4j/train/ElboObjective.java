package vae4j.train;

import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Rng;
import vae4j.engine.Tensors;
import vae4j.model.Gaussians;
import vae4j.model.Vae;

/**
 * The negative ELBO with one posterior sample, shaped by its {@link ObjectiveSpec}: {@code recon + beta_t * KL'},
 * where beta_t follows the warm-up or cyclical schedule and, with free bits lambda,
 * {@code KL' = sum_j max(lambda, mean_batch KL_j)} (a dimension whose batch-averaged KL is above the floor is
 * untouched; one below it gets no gradient from the KL term). The plain ELBO is exactly {@link Vae#loss}.
 */
final class ElboObjective implements Objective {
    private final ObjectiveSpec spec;
    private final int epochs;

    ElboObjective(ObjectiveSpec spec, int epochs) {
        this.spec = spec;
        this.epochs = epochs;
    }

    @Override
    public Terms loss(Vae model, Tensor x, Tensor labels, double epochsDone, Rng rng) {
        if (spec.plain()) {
            Vae.Loss l = model.loss(x, labels, rng);
            return new Terms(l.total(), l.reconstruction(), l.kl());
        }
        Vae.Encoding q = model.encode(x, labels);
        Tensor z = Gaussians.sample(q.mean(), q.logVar(), rng);
        Tensor params = model.decodeParams(z, labels);
        double batch = x.size(0);
        Tensor recon = model.config().likelihood().negLogLikelihoodSum(params, x).div(Tensors.scalar(batch));
        Tensor klDims = Gaussians.klPerDimension(q.mean(), q.logVar()).mean(0);   // [latent]
        Tensor kl = klDims.sum();
        Tensor shaped = spec.freeBits() > 0 ? freeBits(klDims, spec.freeBits()) : kl;
        double beta = spec.betaAt(epochsDone, epochs);
        return new Terms(recon.add(shaped.mul(Tensors.scalar(beta))), recon, kl);
    }

    /** {@code sum_j max(floor, klDims_j)} for batch-averaged KLs {@code [latent]}. */
    static Tensor freeBits(Tensor klDims, double floor) {
        return klDims.clamp_min(Tensors.scalar(floor)).sum();
    }
}

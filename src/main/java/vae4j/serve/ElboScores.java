package vae4j.serve;

import org.bytedeco.pytorch.Tensor;
import vae4j.data.Dataset;
import vae4j.engine.NoGrad;
import vae4j.engine.Rng;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;
import vae4j.loader.Batches;
import vae4j.model.Gaussians;
import vae4j.model.Vae;

/**
 * The negative ELBO of each example, in nats: -log p(x|z) with one posterior sample z ~ q(z|x) plus the analytic
 * KL(q(z|x) || N(0, I)). The samples come from a generator seeded with {@code seed}, so the same model and data give
 * the same scores. A conditional model scores each example with its own label (-log p(x|z, label) + KL).
 */
public record ElboScores(long seed) implements ExampleScores {
    private static final int BATCH = 500;

    @Override
    public String name() {
        return "-ELBO";
    }

    @Override
    public String unit() {
        return "nats";
    }

    @Override
    public double[] score(Vae vae, Dataset data) {
        int n = data.size();
        double[] scores = new double[n];
        try (NoGrad guard = NoGrad.enter(); Rng rng = Rng.seeded(seed)) {
            for (int start = 0; start < n; start += BATCH) {
                int len = Math.min(BATCH, n - start);
                try (Scope scope = Scope.open()) {
                    Tensor x = Batches.range(data, start, len, vae.device());
                    Tensor y = null; // [len, classes] one-hot labels of a conditional model
                    if (vae.config().conditional()) {
                        int[] rows = new int[len];
                        for (int i = 0; i < len; i++) {
                            rows[i] = start + i;
                        }
                        y = Batches.oneHot(data, rows, vae.config().classes(), vae.device());
                    }
                    Vae.Encoding q = vae.encode(x, y);
                    Tensor z = Gaussians.sample(q.mean(), q.logVar(), rng);
                    Tensor nll = vae.config().likelihood().negLogLikelihood(vae.decodeParams(z, y), x);
                    float[] s = Tensors.toFloats(nll.add(Gaussians.klToStandardNormal(q.mean(), q.logVar())));
                    for (int i = 0; i < len; i++) {
                        scores[start + i] = s[i];
                    }
                }
            }
        }
        return scores;
    }
}

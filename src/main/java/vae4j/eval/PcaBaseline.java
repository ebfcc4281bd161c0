package vae4j.eval;

import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.Dataset;
import vae4j.engine.NoGrad;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;

/**
 * The classical baseline for reconstruction-based anomaly scores: the squared distance of an example (in model space)
 * from its projection onto the leading principal components of the training data. Fitted in float64 from the
 * covariance matrix ({@code [features, features]}, so features up to a few thousand) by a symmetric eigensolver.
 */
public final class PcaBaseline implements AutoCloseable {
    private final Tensor mean;       // [1, f] float64
    private final Tensor components; // [f, m] float64
    private final int features;

    private PcaBaseline(Tensor mean, Tensor components, int features) {
        this.mean = mean;
        this.components = components;
        this.features = features;
    }

    /** Fits {@code m} components on the first {@code maxRows} examples of {@code train}. */
    public static PcaBaseline fit(Dataset train, int m, int maxRows) {
        int f = train.spec().features();
        int n = Math.min(maxRows, train.size());
        if (m < 1 || m >= f || n < 2) {
            throw new IllegalArgumentException("PCA baseline: need 1 <= components < " + f + " and 2 or more rows, got "
                    + m + " components and " + n + " rows");
        }
        float[] values = new float[n * f];
        train.read(0, n, values);
        try (Scope outer = Scope.open(); NoGrad g = NoGrad.enter()) {
            Tensor x = Tensors.floats(values, n, f).to(torch.ScalarType.Double);
            Tensor mu = x.mean(new long[] {0}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
            Tensor c = x.sub(mu);
            Tensor cov = c.t().matmul(c).div(Tensors.scalar(n - 1));
            T_TensorTensor_T eig = torch.linalg_eigh(cov); // eigenvalues ascending
            Tensor v = eig.get1().narrow(1, f - m, m).contiguous();
            return new PcaBaseline(Tensors.keep(mu.contiguous()), Tensors.keep(v), f);
        }
    }

    /**
     * The squared reconstruction error of {@code b} examples {@code values[0 .. b * features)}: {@code [b]}.
     */
    public double[] score(float[] values, int b) {
        try (Scope s = Scope.open(); NoGrad g = NoGrad.enter()) {
            Tensor c = Tensors.floats(java.util.Arrays.copyOf(values, b * features), b, features)
                    .to(torch.ScalarType.Double).sub(mean);
            Tensor r = c.sub(c.matmul(components).matmul(components.t()));
            Tensor e = r.square().sum(1).contiguous();
            double[] out = new double[b];
            e.data_ptr_double().get(out);
            return out;
        }
    }

    @Override
    public void close() {
        mean.close();
        components.close();
    }
}

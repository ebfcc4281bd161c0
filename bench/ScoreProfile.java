import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.Vae4j;
import vae4j.data.Dataset;
import vae4j.data.InputSpec;
import vae4j.engine.Engine;
import vae4j.engine.NoGrad;
import vae4j.engine.Rng;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;
import vae4j.eval.CompressedLength;
import vae4j.loader.Batches;
import vae4j.model.Gaussians;
import vae4j.model.Vae;

/**
 * Where a scoring block's time went before the inference work of issue 12: the steps of Scorer.scoreBlock as of commit
 * 4ead122 (a generator per example, the target repeated k times, libtorch's cross-entropy) repeated here with
 * System.nanoTime around each (CPU ops are synchronous); bench/RESULTS.md, "Inference", has its table. Not part of
 * the build:
 *   java -cp target/classes:$(cat target/classpath.txt) bench/ScoreProfile.java MODEL K N [BLOCK]
 */
public class ScoreProfile {
    static final Map<String, Long> T = new LinkedHashMap<>();
    static long t0;

    static void lap(String phase) {
        long now = System.nanoTime();
        T.merge(phase, now - t0, Long::sum);
        t0 = now;
    }

    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        int k = Integer.parseInt(a[1]);
        int n = Integer.parseInt(a[2]);
        int block = a.length > 3 ? Integer.parseInt(a[3]) : 32;
        System.out.println(Engine.init());
        Vae vae = Vae4j.load(model).model();
        Dataset data = Vae4j.dataset("fashion-mnist").test().head(n);
        InputSpec spec = data.spec();
        int f = spec.features();
        int d = vae.config().latentDim();
        vae.train(false);
        for (int round = 0; round < 2; round++) { // round 0 warms the JIT up
            T.clear();
            long start = System.nanoTime();
            for (int from = 0; from + block <= n; from += block) {
                t0 = System.nanoTime();
                float[] values = new float[block * f];
                int[] rows = new int[block];
                for (int i = 0; i < block; i++) {
                    rows[i] = from + i;
                }
                data.read(rows, values);
                lap("read data");
                float[] eps = new float[k * block * d];
                for (int i = 0; i < block; i++) {
                    try (Scope scope = Scope.open(); Rng rng = Rng.seeded(i * 7919L + from)) {
                        float[] e = Tensors.toFloats(rng.normal(k, d));
                        for (int s = 0; s < k; s++) {
                            System.arraycopy(e, s * d, eps, (s * block + i) * d, d);
                        }
                    }
                }
                lap("noise: generator per example");
                for (int i = 0; i < block; i++) {
                    CompressedLength.nats(spec, values, i * f);
                }
                lap("complexity (PNG deflate)");
                try (Scope scope = Scope.open(); NoGrad g = NoGrad.enter()) {
                    Tensor x = Batches.tensor(spec, values, block, vae.device());
                    Vae.Encoding q = vae.encode(x, null);
                    Tensors.toFloats(q.mean());
                    lap("encode");
                    Tensors.toFloats(Gaussians.klToStandardNormal(q.mean(), q.logVar()));
                    Tensor mean = q.mean().to(torch.ScalarType.Double);
                    Tensor logVar = q.logVar().to(torch.ScalarType.Double);
                    Tensor std = logVar.mul(Tensors.scalar(0.5)).exp();
                    Tensor logQConst = logVar.sum(1).add(Tensors.scalar(d * 1.8378770664093453))
                            .mul(Tensors.scalar(-0.5));
                    int chunk = Math.max(1, Math.min(k, 8192 / block));
                    int padded = (k + chunk - 1) / chunk * chunk;
                    Tensor allEps = Tensors.floats(java.util.Arrays.copyOf(eps, padded * block * d), padded, block, d)
                            .to(torch.ScalarType.Double);
                    lap("KL, noise to float64");
                    long[] shape = Tensors.shape(x);
                    for (int done = 0; done < k; done += chunk) {
                        try (Scope inner = Scope.open()) {
                            int s = chunk;
                            Tensor e = allEps.narrow(0, done, chunk);
                            Tensor z = mean.unsqueeze(0).add(std.unsqueeze(0).mul(e));
                            Tensor zf = z.to(torch.ScalarType.Float).reshape(s * (long) block, d);
                            zf.data_ptr_float().get();
                            lap("z = mean + std eps (float64)");
                            Tensor params = vae.decodeParams(zf, null);
                            params.data_ptr_float().get();
                            lap("decoder");
                            long[] rep = new long[shape.length];
                            java.util.Arrays.fill(rep, 1);
                            rep[0] = s;
                            Tensor target = x.repeat(rep);
                            lap("repeat target");
                            Tensor nll = vae.config().likelihood().negLogLikelihood(params, target)
                                    .to(torch.ScalarType.Double).reshape(s, block);
                            nll.data_ptr_double().get();
                            lap("likelihood (BCE, sum)");
                            Tensor logPz = z.square().sum(2).add(Tensors.scalar(d * 1.8378770664093453))
                                    .mul(Tensors.scalar(-0.5));
                            Tensor logQ = e.square().sum(2).mul(Tensors.scalar(-0.5)).add(logQConst.unsqueeze(0));
                            Tensor w = nll.neg().add(logPz).sub(logQ);
                            double[] wd = new double[(int) w.numel()];
                            w.contiguous().data_ptr_double().get(wd);
                            double[] rd = new double[(int) nll.numel()];
                            nll.contiguous().data_ptr_double().get(rd);
                            lap("log weights (float64), to Java");
                        }
                    }
                }
                double[] lw = new double[block * k];
                for (int i = 0; i < block; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, lw[i * k + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        sum += Math.exp(lw[i * k + j] - max);
                    }
                }
                lap("log-mean-exp (Java)");
            }
            double total = (System.nanoTime() - start) / 1e9;
            int done = n / block * block;
            if (round == 1) {
                System.out.printf(Locale.ROOT, "k = %d, block %d, %d rows: %.3f s, %.0f rows/s%n", k, block, done,
                        total, done / total);
                long sum = T.values().stream().mapToLong(Long::longValue).sum();
                T.forEach((p, ns) -> System.out.printf(Locale.ROOT, "  %-32s %8.1f us/row  %5.1f %%%n", p,
                        ns / 1e3 / done, 100.0 * ns / sum));
            }
        }
    }
}

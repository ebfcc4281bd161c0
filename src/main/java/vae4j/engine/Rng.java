package vae4j.engine;

import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * A random stream of its own (a libtorch CPU generator), so that runs, requests and models in one JVM never share or
 * reset global random state. Draws are made on the CPU and moved to the target device, so the same seed gives the
 * same numbers on every device.
 */
public final class Rng implements AutoCloseable {
    private final Generator generator;
    private final GeneratorOptional optional;

    private Rng(Generator generator) {
        this.generator = generator;
        this.optional = new GeneratorOptional(generator);
    }

    /** A stream determined by {@code seed}. */
    public static Rng seeded(long seed) {
        Engine.init();
        return new Rng(torch.createCPUGenerator(seed));
    }

    /** Standard normal draws of {@code like}'s shape, float32, on {@code like}'s device. */
    public Tensor normalLike(Tensor like) {
        Tensor t = torch.randn(Tensors.shape(like), new GeneratorOptional(generator),
                new TensorOptions(torch.ScalarType.Float));
        return like.device().is_cpu() ? t : t.to(like.device(), torch.ScalarType.Float);
    }

    /** Standard normal draws {@code shape}, float32, on the CPU. */
    public Tensor normal(long... shape) {
        return torch.randn(shape, new GeneratorOptional(generator), new TensorOptions(torch.ScalarType.Float));
    }

    /**
     * Fills {@code dst} (float32, contiguous, on the CPU) in place with standard normal draws: the same numbers that
     * {@link #normal} of {@code dst}'s shape would return, without a new tensor.
     */
    public Tensor fillNormal(Tensor dst) {
        return dst.normal_(0, 1, optional);
    }

    /**
     * Restarts this stream as {@link #seeded(long) seeded(seed)} would start a new one (same numbers from here on),
     * without making a generator: for many short streams, such as one per example.
     */
    public void reseed(long seed) {
        generator.set_current_seed(seed);
    }

    /** One Bernoulli draw per element with probabilities {@code p} (values in [0, 1]). */
    public Tensor bernoulli(Tensor p) {
        Tensor cpu = p.device().is_cpu() ? p : p.to(new org.bytedeco.pytorch.Device(torch.DeviceType.CPU),
                torch.ScalarType.Float);
        Tensor b = torch.bernoulli(cpu, new GeneratorOptional(generator));
        return p.device().is_cpu() ? b : b.to(p.device(), torch.ScalarType.Float);
    }

    @Override
    public void close() {
        optional.close();
        generator.close();
    }
}

package vae4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The arithmetic of a training step's matrix work. {@code fp32}: everything in float32. {@code bf16}: linear layers,
 * convolutions and transposed convolutions in bfloat16 (libtorch's CPU autocast), with float32 master weights,
 * float32 loss terms (the decoder's logits and the posterior's parameters are turned back to float32 before the
 * loss) and a float32 optimiser. Evaluation (test -ELBO) always runs in float32.
 */
public enum Precision {
    FP32("fp32"),
    BF16("bf16");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * {@code fp32} or {@code bf16}; {@code auto} is resolved with the model by {@link #auto(boolean)} (callers check
     * {@link #isAuto} first).
     */
    public static Precision parse(String s) {
        return of(s, "precision must be fp32, bf16 or auto");
    }

    /**
     * An inference command's {@code --precision}: {@code fp32} or {@code bf16} (no {@code auto}: bf16 changes the
     * scores, so it is never chosen for the user).
     */
    public static Precision parseInference(String s) {
        return of(s, "--precision must be fp32 or bf16");
    }

    private static Precision of(String s, String expected) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fp32" -> FP32;
            case "bf16" -> BF16;
            default -> throw new IllegalArgumentException(expected + ", got '" + s + "'");
        };
    }

    /** True for {@code auto}; any other text is checked by {@link #parse}. */
    public static boolean isAuto(String s) {
        return s.trim().equalsIgnoreCase("auto");
    }

    /**
     * What {@code auto} means for a model: bf16 only where it measured faster, on a CPU with bfloat16 dot-product
     * instructions (AVX512-BF16 or AMX-BF16): convolutional models always (keras-conv on 2 threads: 66.1 -> 51.1 ms
     * per step), dense-only models only when OpenBLAS shares libtorch's OpenMP pool (bench/RESULTS.md, 2026-11-26:
     * pytorch-mlp about 1.3x faster than fp32 there, but slower beside the bundled OpenBLAS's own threads, 6.16 ->
     * 8.28 ms). fp32 on other CPUs.
     *
     * @param denseOnly true for MLP architectures
     */
    public static Precision auto(boolean denseOnly) {
        return auto(denseOnly, cpuHasBf16(), vae4j.engine.Engine.init().sharedPool());
    }

    /** {@link #auto(boolean)} for a given CPU and thread pool. */
    static Precision auto(boolean denseOnly, boolean cpuHasBf16, boolean sharedPool) {
        return cpuHasBf16 && (!denseOnly || sharedPool) ? BF16 : FP32;
    }

    /** True when {@code /proc/cpuinfo} lists {@code avx512_bf16} or {@code amx_bf16}. */
    public static boolean cpuHasBf16() {
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            return info.contains(" avx512_bf16") || info.contains(" amx_bf16");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

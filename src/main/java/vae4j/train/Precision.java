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
     * {@code fp32}, {@code bf16}, or {@code auto}: bf16 on CPUs with bfloat16 dot-product instructions (AVX512-BF16
     * or AMX-BF16, where it measured 1.25 to 1.3x faster per step; bench/RESULTS.md), fp32 elsewhere.
     */
    public static Precision parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fp32" -> FP32;
            case "bf16" -> BF16;
            case "auto" -> cpuHasBf16() ? BF16 : FP32;
            default -> throw new IllegalArgumentException("precision must be fp32, bf16 or auto, got '" + s + "'");
        };
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

package vae4j.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds the OpenBLAS built with OpenMP that {@link Engine} loads in place of the bundled one (see its javadoc): the
 * setting {@code vae4j.blas} / {@code VAE4J_BLAS} is {@code auto} (default), {@code bundled} or a file path.
 * {@code auto} looks for Debian's and Ubuntu's {@code libopenblas0-openmp} at
 * {@code /usr/lib/<multiarch>/openblas-openmp/libopenblas.so.0}. The launcher {@code ./vae4j} applies the same rule to
 * decide whether libgomp must sleep ({@code OMP_WAIT_POLICY=PASSIVE}, bundled OpenBLAS) or may spin (shared pool),
 * reading {@code -Dvae4j.blas=} from {@code VAE4J_JAVA_OPTS} before {@code VAE4J_BLAS}, as this class does.
 */
final class OpenmpBlas {
    private OpenmpBlas() {
    }

    /**
     * @param platform JavaCPP's platform name, e.g. {@code linux-x86_64}
     * @return the library to load, or {@code null} for the bundled OpenBLAS
     * @throws EngineException if the setting names a file that does not exist, or an unknown value
     */
    static Path choose(String platform) {
        String name = "vae4j.blas";
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            name = "VAE4J_BLAS";
            value = System.getenv(name);
        }
        value = value == null || value.isBlank() ? "auto" : value.trim();
        if (value.equalsIgnoreCase("bundled")) {
            return null;
        }
        if (value.equalsIgnoreCase("auto")) {
            Path debian = debianPath(platform);
            return debian != null && Files.isReadable(debian) ? debian : null;
        }
        Path file = Path.of(value);
        if (!file.isAbsolute() || !Files.isRegularFile(file)) {
            throw new EngineException(name + "=" + value + ": want auto, bundled or the absolute path of an"
                    + " OpenMP libopenblas.so.0 that exists", null);
        }
        return file;
    }

    /** Debian's multiarch location of libopenblas0-openmp for a JavaCPP platform, or null off Linux. */
    static Path debianPath(String platform) {
        String triplet = switch (platform.toLowerCase(Locale.ROOT)) {
            case "linux-x86_64" -> "x86_64-linux-gnu";
            case "linux-arm64" -> "aarch64-linux-gnu";
            case "linux-ppc64le" -> "powerpc64le-linux-gnu";
            default -> null;
        };
        return triplet == null ? null : Path.of("/usr/lib", triplet, "openblas-openmp", "libopenblas.so.0");
    }
}

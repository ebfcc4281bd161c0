package vae4j.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;

/**
 * What this build of vae4j is: its version, the git commit it was built from, the libtorch version it binds and the
 * native platform. Read from resources only (no native library is loaded), so it is fast enough for
 * {@code vae4j --version}.
 *
 * @param version    vae4j's Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit     the git commit built from (12 hex digits); {@code unknown} when built without git (a source
 *                   tarball); uncommitted changes are not marked
 * @param libtorch   libtorch's version, e.g. {@code 2.10.0}
 * @param binding    the version of JavaCPP's {@code org.bytedeco:pytorch} artifact, e.g. {@code 2.10.0-1.5.13}
 * @param platform   the platform JavaCPP loads natives for, e.g. {@code linux-x86_64}
 * @param natives    the classifiers of the pytorch native jars found on the class path for that platform
 *                   ({@code linux-x86_64}, {@code linux-x86_64-gpu}); empty if none is there
 */
public record BuildInfo(String version, String commit, String libtorch, String binding, String platform,
                        java.util.List<String> natives) {
    static final String UNKNOWN = "unknown";

    /** Reads the build's resources and JavaCPP's platform. */
    public static BuildInfo current() {
        Properties build = properties("/vae4j/build.properties");
        Properties torch = properties("/META-INF/maven/org.bytedeco/pytorch/pom.properties");
        String binding = value(torch.getProperty("version"));
        String libtorch = binding.equals(UNKNOWN) ? UNKNOWN : binding.replaceFirst("-[^-]*$", "");
        String commit = value(build.getProperty("commit"));
        String platform = Loader.getPlatform();
        java.util.List<String> natives = java.util.stream.Stream.of(platform, platform + "-gpu")
                .filter(p -> BuildInfo.class.getResource("/org/bytedeco/pytorch/" + p + "/") != null)
                .toList();
        return new BuildInfo(value(build.getProperty("version")), commit, libtorch, binding, platform, natives);
    }

    /** A value, or {@code unknown} where the build left it empty or unfiltered ({@code ${...}}). */
    static String value(String v) {
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.trim();
    }

    private static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return p;
    }
}

package vae4j.cli;

import java.util.Locale;
import picocli.CommandLine.IVersionProvider;
import vae4j.engine.BuildInfo;

/**
 * What {@code --version} prints on every command: vae4j's version and commit, libtorch's version, the native platform,
 * the OpenBLAS that the engine loads (bundled, or the system's OpenMP build) and the Java runtime. {@link Main} installs it on every command and subcommand.
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return lines(BuildInfo.current());
    }

    static String[] lines(BuildInfo b) {
        String natives = b.natives().isEmpty()
                ? "no natives for " + b.platform() + " on the class path"
                : "natives " + String.join(", ", b.natives());
        return new String[] {
            "vae4j " + b.version() + " (commit " + b.commit() + ")",
            "libtorch " + b.libtorch() + " (org.bytedeco:pytorch " + b.binding() + "), platform " + b.platform()
                    + ", " + natives,
            vae4j.engine.Engine.blasChoice(b.platform()),
            String.format(Locale.ROOT, "Java %s (%s), %s %s", System.getProperty("java.version"),
                    System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"))
        };
    }
}

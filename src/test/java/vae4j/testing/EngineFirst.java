package vae4j.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import vae4j.engine.Engine;

/**
 * Loads libtorch through {@link Engine#init()} before any test class runs, so that no test can touch a JavaCPP class
 * first and trigger the unpack-while-loading crash (ENGINE-NOTES.md, trap 2). Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class EngineFirst implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Engine.init();
    }
}

package vae4j.engine;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

/** Where tensors live: {@code cpu} (default) or {@code cuda[:N]}. */
public final class Devices {
    private Devices() {
    }

    /**
     * Parses a device name and checks that it can be used here.
     *
     * @throws IllegalArgumentException for an unknown name, or CUDA on a build or machine without it
     */
    public static Device parse(String name) {
        Engine.init();
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("cpu")) {
            return new Device(torch.DeviceType.CPU);
        }
        if (n.equals("cuda") || n.matches("cuda:\\d+")) {
            if (!torch.cuda_is_available()) {
                throw new IllegalArgumentException("device '" + name + "': CUDA is not available (this build has the"
                        + " CPU natives; build with 'mvn -Pgpu' on a machine with CUDA 13.1 and cuDNN 9, see README)");
            }
            return new Device(n);
        }
        throw new IllegalArgumentException("unknown device '" + name + "' (expected cpu or cuda[:N])");
    }

    /** The CPU. */
    public static Device cpu() {
        Engine.init();
        return new Device(torch.DeviceType.CPU);
    }
}

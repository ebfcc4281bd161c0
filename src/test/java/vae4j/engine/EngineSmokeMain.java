package vae4j.engine;

import org.bytedeco.pytorch.Tensor;

/** Run in a child JVM by {@link EngineTest}: loads the engine the way every entry point does and computes. */
public final class EngineSmokeMain {
    private EngineSmokeMain() {
    }

    public static void main(String[] args) {
        Engine.EngineInfo info = Engine.init();
        Tensor a = Tensors.floats(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = a.matmul(a);
        float[] r = Tensors.toFloats(b);
        System.out.println("INFO " + info);
        System.out.println("CACHE " + info.cacheDir());
        System.out.println("RESULT " + r[0] + " " + r[1] + " " + r[2] + " " + r[3]);
    }
}

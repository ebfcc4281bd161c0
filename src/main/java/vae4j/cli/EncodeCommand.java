package vae4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.Dataset;
import vae4j.eval.LatentCodes;
import vae4j.io.AtomicFiles;
import vae4j.store.SavedModel;

/** {@code vae4j encode}: z_mean and z_log_var of every example, as CSV. */
@Command(name = "encode", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Write z_mean and z_log_var of each example, with its label, as CSV.")
final class EncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.csv")
    Path out;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", description = "bf16: the"
            + " encoder's matrix work in bfloat16 (faster on CPUs with AVX512-BF16; the codes move a little)"
            + " (default: ${DEFAULT-VALUE})")
    String precision;

    @Override
    public Integer call() throws Exception {
        OutputGuard.file("--out", out, model.inputs(data));
        vae4j.train.Precision p = vae4j.train.Precision.parseInference(precision);
        SavedModel m = model.load();
        Dataset d = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(split);
        // bundled OpenBLAS: one single-threaded batch per core (0.41 -> 0.64x PyTorch); in the shared OpenMP pool one
        // batch at a time on every core is faster (re-measured after the per-thread OpenMP fix: 171,000-249,000 against
        // 147,000-158,000 rows/s, bench/RESULTS.md); the same codes either way
        int threads = m.model().device().is_cpu() && !vae4j.engine.Engine.init().sharedPool()
                ? vae4j.engine.Engine.perCoreInferenceWorkers() : 1;
        LatentCodes codes = LatentCodes.encode(m.model(), d, m.model().device(), threads, p);
        StringBuilder sb = new StringBuilder("index,label");
        for (int j = 0; j < codes.latentDim(); j++) {
            sb.append(",z_mean_").append(j);
        }
        for (int j = 0; j < codes.latentDim(); j++) {
            sb.append(",z_log_var_").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < codes.size(); i++) {
            sb.append(i).append(',').append(codes.labels() == null ? "" : Integer.toString(codes.labels()[i]));
            for (int j = 0; j < codes.latentDim(); j++) {
                sb.append(',').append(codes.mean()[i * codes.latentDim() + j]);
            }
            for (int j = 0; j < codes.latentDim(); j++) {
                sb.append(',').append(codes.logVar()[i * codes.latentDim() + j]);
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(out, sb.toString());
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d rows (%s, latent %d) to %s%n", codes.size(),
                d.name(), codes.latentDim(), out);
        return ExitCodes.OK;
    }
}

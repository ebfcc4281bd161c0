package vae4j.model;

import vae4j.engine.NoGrad;
import vae4j.engine.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.engine.Layer;
import vae4j.engine.Tensors;

/**
 * The encoder and decoder layer by layer, with output shapes and parameter counts, as Keras' {@code summary()}
 * prints them. Shapes are measured by running one zero example through the model, so they cannot drift from the code.
 */
public final class ModelSummary {
    /** One row: layer description, per-example output shape, parameters. */
    public record Row(String layer, long[] shape, long parameters) {
        public String shapeText() {
            return "(None, " + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    private final List<Row> encoder;
    private final List<Row> decoder;

    private ModelSummary(List<Row> encoder, List<Row> decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    public List<Row> encoder() {
        return encoder;
    }

    public List<Row> decoder() {
        return decoder;
    }

    /** Measures the shapes of {@code vae}'s layers. Shapes are channels-first: {@code (None, c, h, w)}. */
    public static ModelSummary of(Vae vae) {
        ModelConfig c = vae.config();
        List<Row> enc = new ArrayList<>();
        List<Row> dec = new ArrayList<>();
        try (Scope scope = Scope.open(); NoGrad guard = NoGrad.enter()) {
            Tensor x = torch.zeros(c.input().batchShape(1));
            enc.add(new Row("Input", perExample(x), 0));
            for (Layer layer : vae.encoderLayers()) {
                x = layer.forward(x);
                enc.add(new Row(layer.describe(), perExample(x), layer.parameterCount()));
            }
            Vae.Encoding q = vae.encode(torch.zeros(c.input().batchShape(1)));
            List<Vae.LayerInfo> all = vae.layers();
            for (Vae.LayerInfo info : all) {
                if (info.part().equals("z_mean") || info.part().equals("z_log_var")) {
                    enc.add(new Row(info.part() + " (" + info.layer().describe() + ")", perExample(q.mean()),
                            info.layer().parameterCount()));
                }
            }
            Tensor z = torch.zeros(1, c.latentDim());
            dec.add(new Row("Input z", perExample(z), 0));
            for (Layer layer : vae.decoderLayers()) {
                z = layer.forward(z);
                dec.add(new Row(layer.describe(), perExample(z), layer.parameterCount()));
            }
        }
        return new ModelSummary(enc, dec);
    }

    private static long[] perExample(Tensor t) {
        long[] s = Tensors.shape(t);
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** Two plain-text tables with totals. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        long encTotal = table(sb, "Encoder", encoder);
        long decTotal = table(sb, "Decoder (generator)", decoder);
        sb.append(String.format(Locale.ROOT, "Total parameters: %,d (encoder %,d, decoder %,d)%n",
                encTotal + decTotal, encTotal, decTotal));
        return sb.toString();
    }

    private static long table(StringBuilder sb, String title, List<Row> rows) {
        int w = Math.max(40, rows.stream().mapToInt(r -> r.layer().length()).max().orElse(0) + 2);
        String line = "-".repeat(w + 36) + System.lineSeparator();
        sb.append(title).append(System.lineSeparator()).append(line);
        sb.append(String.format(Locale.ROOT, "%-" + w + "s%-24s%12s%n", "Layer", "Output shape", "Param #"));
        sb.append(line);
        long total = 0;
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s%-24s%,12d%n", r.layer(), r.shapeText(), r.parameters()));
            total += r.parameters();
        }
        sb.append(line).append(System.lineSeparator());
        return total;
    }
}

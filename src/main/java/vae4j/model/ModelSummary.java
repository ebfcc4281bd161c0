package vae4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The encoder and decoder layer by layer, with output shapes and parameter counts, as Keras' {@code summary()}
 * prints them: the kernel and stride plan of a conv model, the widths of an MLP. Computed from the config, so
 * {@code vae4j summary} needs no engine; {@code PresetShapesTest} runs real models to check the shapes.
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

    /**
     * The table of a model with {@code config}, computed from its {@link Architecture.Plan} alone: no weights, no
     * engine. Shapes are channels-first: {@code (None, c, h, w)}.
     */
    public static ModelSummary of(ModelConfig c) {
        Architecture.Plan plan = c.architecture().plan(c);
        List<Row> enc = new ArrayList<>();
        List<Row> dec = new ArrayList<>();
        long[] shape = Arrays.copyOfRange(c.input().batchShape(1), 1, c.input().batchShape(1).length);
        enc.add(new Row("Input", shape, 0));
        for (LayerSpec layer : plan.encoder()) {
            shape = layer.outputShape(shape);
            enc.add(new Row(layer.describe(), shape, layer.parameters()));
        }
        long heads = plan.features() * c.latentDim() + c.latentDim();
        enc.add(new Row("z_mean (Dense " + c.latentDim() + ")", new long[] {c.latentDim()}, heads));
        enc.add(new Row("z_log_var (Dense " + c.latentDim() + ")", new long[] {c.latentDim()}, heads));
        shape = new long[] {c.latentDim()};
        dec.add(new Row("Input z", shape, 0));
        for (LayerSpec layer : plan.decoder()) {
            shape = layer.outputShape(shape);
            dec.add(new Row(layer.describe(), shape, layer.parameters()));
        }
        return new ModelSummary(enc, dec);
    }

    /** Total trainable parameters. */
    public long parameters() {
        return encoder.stream().mapToLong(Row::parameters).sum() + decoder.stream().mapToLong(Row::parameters).sum();
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

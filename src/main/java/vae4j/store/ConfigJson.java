package vae4j.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vae4j.data.Column;
import vae4j.data.ColumnKind;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;
import vae4j.data.TableSpec;
import vae4j.engine.Engine;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.Likelihood;
import vae4j.model.ModelConfig;
import vae4j.train.LearningRateSchedule;
import vae4j.train.ObjectiveSpec;
import vae4j.train.OptimizerKind;
import vae4j.train.Precision;
import vae4j.train.Progress;
import vae4j.train.TrainConfig;

/**
 * The JSON of a model folder's {@code config.json}, mapped by Jackson onto the records below (snake_case names).
 * Every field a model needs is required: a missing one is an error naming it, never a silent default. Format 1
 * (images only, {@code model.input_shape}) is still read.
 */
final class ConfigJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigJson() {
    }

    record ColumnJson(String name, String kind, List<String> levels, Double mean, Double std) {
    }

    /** {@code {"type": "image", "channels", "height", "width"}} or {@code {"type": "table", "columns": [...]}}. */
    record InputJson(String type, Integer channels, Integer height, Integer width, List<ColumnJson> columns) {
    }

    record ModelJson(String architecture, InputJson input, List<Integer> inputShape, List<Integer> hidden,
                     Integer latentDim, String likelihood, String init, Double logVarLimit, Long parameters,
                     Integer classes) {
    }

    /** The objective fields are optional: absent (files written before them), they mean the plain ELBO. */
    record TrainingJson(String optimizer, Double learningRate, Integer batchSize, Integer epochs, Long seed,
                        Double clipGradNorm, String objective, Double beta, Double klWarmup, Integer klCycles,
                        Double freeBits, Integer k, String binarize, String lrSchedule, Double passesScale,
                        String precision) {
    }

    record DatasetJson(String name, String sha256, Integer trainSize, Integer testSize, String source,
                       Map<String, String> options) {
    }

    record ProgressJson(Integer epoch, Integer batchesDone, Double lossSum, Double reconSum, Double klSum,
                        Integer images, Double trainSeconds, Boolean finished, Double objectiveSum) {
    }

    static ObjectNode configJson(SavedModel s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", ModelDirectory.FORMAT);
        root.put("format_version", ModelDirectory.FORMAT_VERSION);
        root.put("created", Instant.now().toString());
        root.put("engine", "libtorch " + Engine.torchVersion());
        ModelConfig m = s.model().config();
        root.set("model", MAPPER.valueToTree(new ModelJson(m.architecture().id(), input(m.input()),
                m.input() instanceof ImageSpec i ? List.of(i.channels(), i.height(), i.width()) : null, m.hidden(),
                m.latentDim(), m.likelihood().id(), m.init().id(), m.logVarLimit(), s.model().parameterCount(),
                m.conditional() ? m.classes() : null)));
        TrainConfig t = s.training();
        var o = t.objective();
        root.set("training", MAPPER.valueToTree(new TrainingJson(t.optimizer().id(), t.learningRate(), t.batchSize(),
                t.epochs(), t.seed(), t.clipGradNorm(), o.kind(), o.beta(), o.klWarmup(), o.klCycles(), o.freeBits(),
                o.k(), t.binarize() ? "dynamic" : "none", t.schedule().kind(), t.schedule().passesScale(),
                t.precision() == Precision.FP32 ? null : t.precision().id())));
        DatasetInfo d = s.dataset();
        root.set("dataset", MAPPER.valueToTree(new DatasetJson(d.name(), d.sha256(), d.trainSize(), d.testSize(),
                d.source(), d.options())));
        Progress p = s.progress();
        root.set("progress", MAPPER.valueToTree(new ProgressJson(p.epoch(), p.batchesDone(), p.lossSum(),
                p.reconSum(), p.klSum(), p.images(), p.trainSeconds(), s.finished(), p.objectiveSum())));
        return root;
    }

    private static InputJson input(InputSpec spec) {
        if (spec instanceof ImageSpec i) {
            return new InputJson("image", i.channels(), i.height(), i.width(), null);
        }
        List<ColumnJson> cols = new ArrayList<>();
        for (Column c : ((TableSpec) spec).columns()) {
            cols.add(new ColumnJson(c.name(), c.kind().id(), c.levels(), c.mean(), c.std()));
        }
        return new InputJson("table", null, null, null, cols);
    }

    private static <T> T read(JsonNode node, Class<T> type, String what) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new IllegalArgumentException("missing '" + what + "'");
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + what + "': " + e.getOriginalMessage());
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    static Progress progress(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        ProgressJson p = read(node, ProgressJson.class, "progress");
        return new Progress(required(p.epoch(), "progress.epoch"), required(p.batchesDone(), "progress.batches_done"),
                required(p.lossSum(), "progress.loss_sum"), required(p.reconSum(), "progress.recon_sum"),
                required(p.klSum(), "progress.kl_sum"), required(p.images(), "progress.images"),
                required(p.trainSeconds(), "progress.train_seconds"),
                p.objectiveSum() == null ? p.lossSum() : p.objectiveSum());
    }

    static ModelConfig modelConfig(JsonNode node) {
        ModelJson m = read(node, ModelJson.class, "model");
        InputSpec input;
        if (m.input() != null) {
            input = inputSpec(m.input());
        } else {
            List<Integer> shape = m.inputShape();
            if (shape == null || shape.size() != 3) {
                throw new IllegalArgumentException("model.input (or format 1's model.input_shape [channels, height,"
                        + " width]) is required");
            }
            input = new ImageSpec(shape.get(0), shape.get(1), shape.get(2));
        }
        return new ModelConfig(Architecture.parse(required(m.architecture(), "model.architecture")), input,
                required(m.hidden(), "model.hidden"), required(m.latentDim(), "model.latent_dim"),
                Likelihood.of(required(m.likelihood(), "model.likelihood"), input),
                Init.parse(m.init() == null ? "pytorch" : m.init()), m.logVarLimit() == null ? 0 : m.logVarLimit(),
                m.classes() == null ? 0 : m.classes());
    }

    private static InputSpec inputSpec(InputJson in) {
        switch (required(in.type(), "model.input.type")) {
            case "image":
                return new ImageSpec(required(in.channels(), "model.input.channels"),
                        required(in.height(), "model.input.height"), required(in.width(), "model.input.width"));
            case "table":
                List<Column> cols = new ArrayList<>();
                for (ColumnJson c : required(in.columns(), "model.input.columns")) {
                    ColumnKind kind = ColumnKind.valueOf(required(c.kind(), "column kind")
                            .toUpperCase(java.util.Locale.ROOT));
                    cols.add(new Column(required(c.name(), "column name"), kind, c.levels(),
                            c.mean() == null ? 0 : c.mean(), c.std() == null ? 1 : c.std()));
                }
                return new TableSpec(cols);
            default:
                throw new IllegalArgumentException("model.input.type must be image or table, got '" + in.type() + "'");
        }
    }

    static TrainConfig trainConfig(JsonNode node) {
        TrainingJson t = read(node, TrainingJson.class, "training");
        return new TrainConfig(OptimizerKind.parse(required(t.optimizer(), "training.optimizer")),
                required(t.learningRate(), "training.learning_rate"), required(t.batchSize(), "training.batch_size"),
                required(t.epochs(), "training.epochs"), required(t.seed(), "training.seed"),
                t.clipGradNorm() == null ? 0 : t.clipGradNorm(),
                new ObjectiveSpec(t.objective() == null ? ObjectiveSpec.ELBO : t.objective(),
                        t.beta() == null ? 1 : t.beta(), t.klWarmup() == null ? 0 : t.klWarmup(),
                        t.klCycles() == null ? 0 : t.klCycles(), t.freeBits() == null ? 0 : t.freeBits(),
                        t.k() == null ? 1 : t.k()),
                binarize(t.binarize()),
                new LearningRateSchedule(t.lrSchedule() == null ? LearningRateSchedule.CONSTANT : t.lrSchedule(),
                        t.passesScale() == null ? 1 : t.passesScale()),
                precision(t.precision()));
    }

    /** Absent (files written before it, or fp32 runs): fp32. */
    private static Precision precision(String s) {
        if (s == null || s.equals("fp32")) {
            return Precision.FP32;
        }
        if (s.equals("bf16")) {
            return Precision.BF16;
        }
        throw new IllegalArgumentException("training.precision must be fp32 or bf16, got '" + s + "'");
    }

    private static boolean binarize(String s) {
        if (s == null || s.equals("none")) {
            return false;
        }
        if (s.equals("dynamic")) {
            return true;
        }
        throw new IllegalArgumentException("training.binarize must be dynamic or none, got '" + s + "'");
    }

    static DatasetInfo dataset(JsonNode node) {
        DatasetJson d = read(node, DatasetJson.class, "dataset");
        return new DatasetInfo(required(d.name(), "dataset.name"), required(d.sha256(), "dataset.sha256"),
                required(d.trainSize(), "dataset.train_size"), required(d.testSize(), "dataset.test_size"),
                d.source() == null ? "" : d.source(), d.options());
    }
}

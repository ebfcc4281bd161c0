package vae4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vae4j.engine.Engine;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.Likelihood;
import vae4j.model.ModelConfig;
import vae4j.train.OptimizerKind;
import vae4j.train.Progress;
import vae4j.train.TrainConfig;

/** The JSON of a model folder's {@code config.json}: settings in, settings out, every field validated on reading. */
final class ConfigJson {
    private ConfigJson() {
    }

    static ObjectNode configJson(SavedModel s) {
        ObjectNode root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        root.put("format", ModelDirectory.FORMAT);
        root.put("format_version", ModelDirectory.FORMAT_VERSION);
        root.put("created", Instant.now().toString());
        root.put("engine", "libtorch " + Engine.torchVersion());
        ModelConfig m = s.model().config();
        ObjectNode model = root.putObject("model");
        model.put("architecture", m.architecture().id());
        model.putArray("input_shape").add(m.channels()).add(m.height()).add(m.width());
        m.hidden().forEach(model.putArray("hidden")::add);
        model.put("latent_dim", m.latentDim());
        model.put("likelihood", m.likelihood().id());
        model.put("init", m.init().id());
        model.put("log_var_limit", m.logVarLimit());
        model.put("parameters", s.model().parameterCount());
        TrainConfig t = s.training();
        ObjectNode train = root.putObject("training");
        train.put("optimizer", t.optimizer().id());
        train.put("learning_rate", t.learningRate());
        train.put("batch_size", t.batchSize());
        train.put("epochs", t.epochs());
        train.put("seed", t.seed());
        train.put("clip_grad_norm", t.clipGradNorm());
        DatasetInfo d = s.dataset();
        ObjectNode data = root.putObject("dataset");
        data.put("name", d.name());
        data.put("sha256", d.sha256());
        data.put("train_size", d.trainSize());
        data.put("test_size", d.testSize());
        data.put("source", d.source());
        Progress p = s.progress();
        ObjectNode progress = root.putObject("progress");
        progress.put("epoch", p.epoch());
        progress.put("batches_done", p.batchesDone());
        progress.put("loss_sum", p.lossSum());
        progress.put("recon_sum", p.reconSum());
        progress.put("kl_sum", p.klSum());
        progress.put("images", p.images());
        progress.put("train_seconds", p.trainSeconds());
        progress.put("finished", s.finished());
        return root;
    }

    static Progress progress(JsonNode p) {
        if (p.isMissingNode()) {
            return null;
        }
        return new Progress(p.path("epoch").asInt(0), p.path("batches_done").asInt(-1), p.path("loss_sum").asDouble(),
                p.path("recon_sum").asDouble(), p.path("kl_sum").asDouble(), p.path("images").asInt(-1),
                p.path("train_seconds").asDouble());
    }

    static ModelConfig modelConfig(JsonNode m) {
        JsonNode shape = m.path("input_shape");
        if (!shape.isArray() || shape.size() != 3) {
            throw new IllegalArgumentException("model.input_shape must be [channels, height, width]");
        }
        List<Integer> hidden = new ArrayList<>();
        m.path("hidden").forEach(h -> hidden.add(h.asInt()));
        return new ModelConfig(Architecture.parse(required(m, "architecture")), shape.get(0).asInt(),
                shape.get(1).asInt(), shape.get(2).asInt(), hidden, m.path("latent_dim").asInt(0),
                Likelihood.parse(required(m, "likelihood")), Init.parse(m.path("init").asText("pytorch")),
                m.path("log_var_limit").asDouble(0));
    }

    static TrainConfig trainConfig(JsonNode t) {
        return new TrainConfig(OptimizerKind.parse(required(t, "optimizer")), t.path("learning_rate").asDouble(-1),
                t.path("batch_size").asInt(0), t.path("epochs").asInt(0), t.path("seed").asLong(),
                t.path("clip_grad_norm").asDouble(0));
    }

    private static String required(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return n.get(field).asText();
    }
}

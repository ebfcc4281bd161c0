package vae4j.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import vae4j.data.Dataset;
import vae4j.data.ImageDataset;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.store.DatasetInfo;
import vae4j.store.SavedModel;
import vae4j.train.EpochMetrics;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/** Small trained models and an HTTP client for the explorer's tests. */
final class ServeFixtures {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServeFixtures() {
    }

    /** 8x8 pictures of one bright bar; see {@link vae4j.testing.TestData#bars}. */
    static ImageDataset bars(int n, long seed) {
        return vae4j.testing.TestData.bars(n, seed);
    }

    /** An MLP VAE (hidden {@code hidden}, latent {@code latent}) trained for {@code epochs} epochs on {@code train}. */
    static SavedModel trained(Dataset train, Dataset test, int hidden, int latent, int epochs) throws IOException {
        TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(epochs).withBatchSize(100).withLearningRate(3e-3);
        Vae vae = Vae.create(Preset.PYTORCH_MLP.model(train.spec()).withHidden(List.of(hidden)).withLatentDim(latent),
                t.seed());
        List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(train, test, new TrainingListener() { });
        return new SavedModel(vae, t, new DatasetInfo(train.name(), "test", train.size(), test.size(), "made here"), h);
    }

    record Response(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static Response get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}

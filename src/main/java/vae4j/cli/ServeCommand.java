package vae4j.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.Dataset;
import vae4j.serve.DecodePool;
import vae4j.serve.ElboScores;
import vae4j.serve.Explorer;
import vae4j.serve.ExplorerServer;
import vae4j.store.SavedModel;

/** {@code vae4j serve}: the latent explorer, a local web page on a trained model. */
@Command(name = "serve", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Serve the latent explorer: a local web page to hover, decode, interpolate and sample.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to bind (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (0: any free port; default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--dims", split = ",", paramLabel = "A,B",
            description = "latent > 2: draw these two dimensions instead of the first two principal components")
    int[] dims;

    @Option(names = "--decode-threads", defaultValue = "2", paramLabel = "N",
            description = "threads running decoder passes (default: ${DEFAULT-VALUE})")
    int decodeThreads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
        if (decodeThreads < 1 || decodeThreads > 64) {
            throw new IllegalArgumentException("--decode-threads must be in 1..64, got " + decodeThreads);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--host: unknown host '" + host + "'");
        }
        String warning = exposureWarning(address, host);
        if (warning != null) {
            err.println(warning);
            err.flush();
        }
        SavedModel m = model.load();
        Dataset d = ModelOptions.dataFor(m, data, err).split(split);
        ScoreOptions.checkFits(m, d, data); // a conditional model needs labelled data: refused before any work
        DecodePool pool = new DecodePool(decodeThreads, 256);
        Explorer explorer = new Explorer(m, d, model.model, new ElboScores(1), dims, pool);
        ExplorerServer server;
        try {
            server = ExplorerServer.start(explorer, address.getHostAddress(), port, err);
        } catch (java.net.BindException e) {
            pool.close();
            throw new java.io.IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (another program uses the port? --port 0 picks a free one)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            pool.close();
            stopped.countDown();
        }, "vae4j-serve-stop"));
        out.printf(Locale.ROOT, "%,d %s examples, latent %d; Ctrl-C stops%n", explorer.size(), d.name(),
                explorer.latentDim());
        out.println("serving on " + server.url());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** The warning for an address other machines may reach, or null for a loopback address. */
    static String exposureWarning(InetAddress address, String host) {
        return address.isLoopbackAddress() ? null : "vae4j: warning: serving on " + host + ", not only this machine:"
                + " anyone who can reach it can see the data and the model; the explorer has no authentication";
    }
}

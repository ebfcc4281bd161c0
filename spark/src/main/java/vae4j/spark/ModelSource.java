package vae4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.SerializableConfiguration;
import vae4j.eval.ScoreThresholds;
import vae4j.store.ModelDirectory;

/**
 * A model folder on any Hadoop file system (a local path, {@code file:}, {@code hdfs:}, {@code s3a:}, ...) and the
 * fingerprint of its current version. {@link #copyTo} copies that version's files ({@code config.json},
 * {@code weights.safetensors}, {@code history.jsonl}, and the folder's {@code anomaly-thresholds.json} when present)
 * into a local folder, from which {@link ModelDirectory#load} reads it.
 *
 * <p>The current version is {@code M/current/} when it exists (the versioned layout; on a local file system
 * {@code current} is a link, which Hadoop follows; a folder uploaded to HDFS or S3 with {@code current} copied as a
 * folder works the same), else {@code M/} itself (an older plain layout, or a version folder given directly). The
 * fingerprint is the SHA-256 of the copied files' names and bytes: the driver computes it once ({@link #resolve}), and
 * an executor that copies different bytes (the model was trained again while the job ran) stops with a message
 * instead of mixing two models in one output.
 */
public final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> VERSION_FILES = ModelDirectory.FILES;

    private final String uri;
    private final String fingerprint;
    private final SerializableConfiguration conf;

    private ModelSource(String uri, String fingerprint, Configuration conf) {
        this.uri = uri;
        this.fingerprint = fingerprint;
        this.conf = new SerializableConfiguration(conf);
    }

    /**
     * Copies the model's current version into {@code local} (on the driver) and fingerprints it.
     *
     * @throws SparkJobException (exit code 4) when the folder cannot be read
     */
    public static ModelSource resolve(String uri, Configuration conf, java.nio.file.Path local) {
        String fp = copy(uri, conf, local);
        return new ModelSource(uri, fp, conf);
    }

    /** The folder as given. */
    public String uri() {
        return uri;
    }

    /** SHA-256 (hex) of the current version's files, names and bytes. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Copies the current version into {@code local} (created) and checks that it is the version fingerprinted on the
     * driver.
     *
     * @throws SparkJobException when it cannot be copied, or the model folder changed since the driver read it
     */
    public void copyTo(java.nio.file.Path local) {
        String fp = copy(uri, conf.value(), local);
        if (!fp.equals(fingerprint)) {
            throw new SparkJobException(4, uri + ": the model changed while the job ran (its current version is not"
                    + " the one the driver checked); run the job again");
        }
    }

    private static String copy(String uri, Configuration conf, java.nio.file.Path local) {
        try {
            Path root = new Path(uri);
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new SparkJobException(4, uri + ": model folder not found");
            }
            Path current = new Path(root, "current");
            Path version = fs.exists(current) && fs.getFileStatus(current).isDirectory() ? current : root;
            List<Path[]> files = new ArrayList<>();
            for (String name : VERSION_FILES) {
                files.add(new Path[] {new Path(version, name), null});
            }
            files.add(new Path[] {new Path(root, ScoreThresholds.FILE), null});
            Files.createDirectories(local);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path[] f : files) {
                if (!fs.exists(f[0])) {
                    continue; // ModelDirectory.load names what is missing
                }
                String name = f[0].getName();
                md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                java.nio.file.Path tmp = local.resolve(name + ".part");
                try (InputStream in = fs.open(f[0]);
                     OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                    in.transferTo(out);
                }
                Files.move(tmp, local.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new SparkJobException(4, uri + ": cannot read the model folder (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

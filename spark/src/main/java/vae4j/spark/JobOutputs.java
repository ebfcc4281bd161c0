package vae4j.spark;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The job's {@code --output}, written atomically: into a hidden temporary folder beside it, then renamed into place
 * (an existing output is replaced only with {@code --overwrite}, and only once the new one is complete). A path
 * ending in {@code .csv} becomes one CSV file with a header (a CSV input's rows in their order); any other path a
 * Parquet folder.
 */
final class JobOutputs {
    private JobOutputs() {
    }

    /**
     * Refuses, before any work: an existing output without {@code overwrite}, the input itself, or a path inside the
     * model folder.
     */
    static void check(org.apache.hadoop.conf.Configuration conf, String output, boolean overwrite,
                      String input, String model) {
        try {
            Path out = new Path(output);
            FileSystem fs = out.getFileSystem(conf);
            Path q = fs.makeQualified(out);
            if (q.equals(fs.makeQualified(new Path(input)))) {
                throw new SparkJobException(2, "--output " + output + " is the input");
            }
            Path m = new Path(model);
            Path mq = m.getFileSystem(conf).makeQualified(m);
            for (Path p = q; p != null; p = p.getParent()) {
                if (p.equals(mq)) {
                    throw new SparkJobException(2, "--output " + output + " lies inside the model folder " + model);
                }
            }
            if (fs.exists(out) && !overwrite) {
                throw new SparkJobException(2, "--output " + output + " exists; pass --overwrite to replace it");
            }
        } catch (IOException e) {
            throw new SparkJobException(4, output + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code df} to {@code output} (see the class comment); a CSV in {@code index} order if asked. */
    static void write(Dataset<Row> df, org.apache.hadoop.conf.Configuration conf, String output, boolean overwrite,
                      boolean sortByIndex) {
        try {
            Path out = new Path(output);
            FileSystem checked = out.getFileSystem(conf);
            // the local file system's checksum layer would leave a .NAME.crc file beside a renamed CSV output
            FileSystem fs = checked instanceof ChecksumFileSystem c ? c.getRawFileSystem() : checked;
            out = checked.makeQualified(out);
            Path parent = out.getParent();
            fs.mkdirs(parent);
            Path tmp = new Path(parent, "." + out.getName() + ".tmp-" + UUID.randomUUID());
            try {
                boolean csv = JobInputs.isCsv(output);
                if (csv) {
                    Dataset<Row> one = df.repartition(1);
                    if (sortByIndex) {
                        one = one.sortWithinPartitions("index");
                    }
                    one.write().mode(SaveMode.ErrorIfExists).option("header", true).option("escape", "\"")
                            .csv(tmp.toString());
                } else {
                    df.write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
                }
                Path result = tmp;
                if (csv) {
                    result = null;
                    for (FileStatus s : fs.listStatus(tmp)) {
                        if (s.getPath().getName().startsWith("part-")) {
                            result = s.getPath();
                        }
                    }
                    if (result == null) {
                        throw new IOException("Spark wrote no CSV part file into " + tmp);
                    }
                }
                if (fs.exists(out)) {
                    if (!overwrite) {
                        throw new SparkJobException(2, "--output " + output + " exists; pass --overwrite to replace"
                                + " it");
                    }
                    fs.delete(out, true);
                }
                if (checked != fs) {
                    checked.delete(((ChecksumFileSystem) checked).getChecksumFile(out), false);
                }
                if (!fs.rename(result, out)) {
                    throw new IOException("could not rename " + result + " to " + out);
                }
            } finally {
                if (fs.exists(tmp)) {
                    fs.delete(tmp, true);
                }
            }
        } catch (IOException e) {
            throw new SparkJobException(4, output + ": " + e.getMessage(), e);
        }
    }
}

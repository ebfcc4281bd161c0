package vae4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The job's {@code --input}, by what the path is: a {@code .csv} (or {@code .csv.gz}) file read with its header and
 * every value as text (converted later as {@code vae4j score} converts CSV fields: RFC 4180 quotes, spaces around
 * fields ignored); a folder of pictures ({@code .png}, {@code .jpg}, {@code .jpeg}, also in sub-folders) read with
 * Spark's {@code binaryFile} source (columns {@code path}, {@code modificationTime}, {@code length},
 * {@code content}); anything else as Parquet. A CSV file's rows get a first column {@code index}, their position from
 * 0 as {@code vae4j score} numbers them ({@link #withIndex}; numbering costs a pass over the file, so Parquet and
 * pictures go without: their own columns, e.g. an id or {@code path}, name each row).
 */
final class JobInputs {
    private JobInputs() {
    }

    static boolean isCsv(String path) {
        String n = path.toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".csv.gz");
    }

    /** Reads {@code input}; no Spark job runs before the model was checked (the caller checks it first). */
    static Dataset<Row> read(SparkSession spark, String input) {
        Path p = new Path(input);
        FileStatus st;
        FileSystem fs;
        try {
            fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new SparkJobException(3, input + ": no such file or folder");
            }
            st = fs.getFileStatus(p);
        } catch (IOException e) {
            throw new SparkJobException(3, input + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (isCsv(input) && st.isFile()) {
            return spark.read().option("header", true).option("inferSchema", false)
                    .option("ignoreLeadingWhiteSpace", true).option("ignoreTrailingWhiteSpace", true)
                    .option("escape", "\"").option("multiLine", true).option("mode", "FAILFAST").csv(input);
        }
        if (st.isDirectory() && hasPictures(fs, p, 2)) {
            return spark.read().format("binaryFile").option("recursiveFileLookup", true)
                    .option("pathGlobFilter", "*.{png,PNG,Png,jpg,JPG,Jpg,jpeg,JPEG,Jpeg}").load(input);
        }
        return spark.read().parquet(input);
    }

    private static boolean hasPictures(FileSystem fs, Path dir, int depth) {
        try {
            for (FileStatus s : fs.listStatus(dir)) {
                String n = s.getPath().getName().toLowerCase(Locale.ROOT);
                if (s.isFile() && !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg")
                        || n.endsWith(".jpeg"))) {
                    return true;
                }
                if (s.isDirectory() && depth > 1 && hasPictures(fs, s.getPath(), depth - 1)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new SparkJobException(3, dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** True when {@code input} is a folder the job reads as pictures. */
    static boolean isPictureFolder(SparkSession spark, String input) {
        try {
            Path p = new Path(input);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return !isCsv(input) && fs.getFileStatus(p).isDirectory() && hasPictures(fs, p, 2);
        } catch (IOException e) {
            throw new SparkJobException(3, input + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The pictures of class sub-folders with their class, as {@code vae4j score --data FOLDER} labels them: an integer
     * {@code label} (the position of the folder among the folder's sub-folders, sorted by name as the core sorts
     * them; hidden ones left out) and the folder name as {@code class}. {@code df} as it is when the pictures lie
     * directly in the folder.
     */
    static Dataset<Row> withFolderLabels(SparkSession spark, Dataset<Row> df, String input) {
        List<String> classes = new ArrayList<>();
        String root;
        try {
            Path p = new Path(input);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            root = fs.makeQualified(p).toString();
            for (FileStatus s : fs.listStatus(p)) {
                if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
                    classes.add(s.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw new SparkJobException(3, input + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (classes.isEmpty()) {
            return df;
        }
        // the core sorts java.nio paths: by the bytes of their names
        classes.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        org.apache.spark.sql.Column label = null;
        org.apache.spark.sql.Column name = null;
        for (int i = 0; i < classes.size(); i++) {
            String prefix = (root.endsWith("/") ? root : root + "/") + classes.get(i) + "/";
            org.apache.spark.sql.Column in = org.apache.spark.sql.functions.col("path").startsWith(prefix);
            label = label == null ? org.apache.spark.sql.functions.when(in, i) : label.when(in, i);
            name = name == null ? org.apache.spark.sql.functions.when(in, classes.get(i))
                    : name.when(in, classes.get(i));
        }
        return df.withColumn("label", label).withColumn("class", name);
    }

    /** {@code df} with a first column {@code index}: each row's position, from 0, in the order read. */
    static Dataset<Row> withIndex(SparkSession spark, Dataset<Row> df) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("index", DataTypes.LongType, false));
        fields.addAll(List.of(df.schema().fields()));
        StructType schema = DataTypes.createStructType(fields);
        JavaRDD<Row> rows = df.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            Object[] v = new Object[r.size() + 1];
            v[0] = t._2();
            for (int i = 0; i < r.size(); i++) {
                v[i + 1] = r.get(i);
            }
            return RowFactory.create(v);
        });
        return spark.createDataFrame(rows, schema);
    }
}

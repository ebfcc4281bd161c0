/**
 * vae4j on Apache Spark: {@link vae4j.spark.VaeScorer} and {@link vae4j.spark.VaeEncoder} (Spark ML transformers)
 * add the scores of {@code vae4j score} or the codes of {@code vae4j encode} to a DataFrame, and
 * {@link vae4j.spark.Job} runs them from {@code spark-submit} or the {@code ./vae4j-spark} launcher.
 *
 * <p>How the work is spread: the driver reads the model folder once (from any Hadoop file system) and checks the
 * input's columns before any task runs; each executor JVM copies the folder's current version once into a local
 * folder and loads it once, cached by the version's fingerprint; rows go through libtorch in batches
 * ({@code mapPartitions}); libtorch and OpenBLAS use {@code spark.task.cpus} threads per task; every batch's native
 * memory is freed when it ends (a scope per block of examples). Results do not depend on the partitioning: each
 * example's scores and codes depend on its own values only.
 */
package vae4j.spark;

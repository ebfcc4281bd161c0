/**
 * Data without native code. {@link vae4j.data.Dataset} (examples read by index in model space, described by an
 * {@link vae4j.data.InputSpec}: images or a table of numeric, binary and categorical columns) over
 * {@link vae4j.data.RowStore}s held in memory ({@link vae4j.data.FloatRows}, {@link vae4j.data.ImageDataset}) or read
 * from files on demand ({@link vae4j.data.FileRows}).
 *
 * <p>Sources: the strict IDX reader {@link vae4j.data.IdxFile} and {@link vae4j.data.DatasetCatalogue} (mnist,
 * fashion-mnist, mnist-10k; download with SHA-256 verification, cache, offline discovery); CSV tables
 * ({@link vae4j.data.CsvSource}: typing by inference, missing values, a binary row cache); NumPy {@code .npy}
 * ({@link vae4j.data.NpySource}); image folders ({@link vae4j.data.ImageFolderSource}); one dispatcher,
 * {@link vae4j.data.DataSources#open}. Tables are fitted ({@link vae4j.data.TableFit}) on the training rows of a
 * seeded split ({@link vae4j.data.Splits}, {@link vae4j.data.SplitSpec}). Malformed files raise
 * {@link vae4j.data.DataFormatException} (IDX: {@link vae4j.data.IdxFormatException}) naming the file, line or row,
 * column and problem.
 */
package vae4j.data;

/**
 * Image data without native code: the strict IDX reader {@link vae4j.data.IdxFile}, the in-memory
 * {@link vae4j.data.ImageDataset}, and {@link vae4j.data.DatasetCatalogue} (mnist, fashion-mnist, mnist-10k; download
 * with SHA-256 verification, cache, offline discovery).
 */
package vae4j.data;

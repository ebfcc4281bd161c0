/**
 * Batches from a {@link vae4j.data.Dataset}: examples read by index in a seeded order, the next batch read in the
 * background while the current one trains, as tensors of the model's input shape. Memory stays bounded by a couple of
 * batches whatever the size of the data, which may live in a file larger than memory.
 */
package vae4j.loader;

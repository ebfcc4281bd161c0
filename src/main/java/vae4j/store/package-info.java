/**
 * The model folder: {@link vae4j.store.ModelDirectory} (save by atomic swap, strict load, crash recovery),
 * {@link vae4j.store.SavedModel}, {@link vae4j.store.TrainingLock}.
 */
package vae4j.store;

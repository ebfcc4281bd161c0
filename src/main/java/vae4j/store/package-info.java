/**
 * The model folder: {@link vae4j.store.ModelDirectory} (immutable versions switched by an atomic link, strict
 * load, crash recovery), {@link vae4j.store.SavedModel}, {@link vae4j.store.TrainingLock}, and the checkpoint policy
 * of a training run, {@link vae4j.store.Checkpointer}.
 */
package vae4j.store;

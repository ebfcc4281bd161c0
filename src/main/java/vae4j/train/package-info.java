/**
 * Training: {@link vae4j.train.Preset} (the reference recipes), {@link vae4j.train.TrainConfig},
 * {@link vae4j.train.Trainer} (the loop; exact resume through {@link vae4j.train.Progress}) and
 * {@link vae4j.train.TrainingListener}.
 */
package vae4j.train;

/**
 * The VAE: {@link vae4j.model.ModelConfig} (validated settings), {@link vae4j.model.Architecture} (MLP and conv
 * families), {@link vae4j.model.Vae} (encode, reparameterise, decode, loss), {@link vae4j.model.Likelihood} and the
 * closed forms in {@link vae4j.model.Gaussians}; {@link vae4j.model.ModelSummary} prints the layer tables.
 */
package vae4j.model;

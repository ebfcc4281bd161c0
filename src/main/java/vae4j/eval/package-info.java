/**
 * Measuring models: {@link vae4j.eval.Evaluation} (IWAE log-likelihood, bits/dim,
 * active units) on top of {@link vae4j.eval.ImportanceSampler}; {@link vae4j.eval.LatentCodes} (encoder and decoder as
 * plain Java), {@link vae4j.eval.LatentGrid} and {@link vae4j.eval.Pca} for the pictures.
 */
package vae4j.eval;

/**
 * PNG pictures without native code: {@link vae4j.viz.ImageGrid} (manifolds, samples, reconstructions),
 * {@link vae4j.viz.LatentScatter} and {@link vae4j.viz.LossCurve} (XChart).
 */
package vae4j.viz;

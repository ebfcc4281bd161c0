/**
 * The latent explorer: a local HTTP server ({@link vae4j.serve.ExplorerServer}) and its page, which show a trained
 * model's latent plane, the examples behind the points, and what the decoder makes anywhere on the plane. The model is
 * shared read-only by the request threads; decoding runs on a bounded pool ({@link vae4j.serve.DecodePool}).
 */
package vae4j.serve;

/**
 * The vae4j library: start with {@link vae4j.Vae4j} (load data, train, save, load); encode and decode with
 * {@link vae4j.eval.LatentCodes}. Data flows one way: data files -> {@code vae4j.data} -> {@code vae4j.train} ->
 * model folder ({@code vae4j.store}) -> {@code vae4j.eval}, {@code vae4j.viz}, {@code vae4j.serve} (the latent explorer),
 * {@code vae4j.cli}.
 */
package vae4j;

/**
 * The thin layer over libtorch (JavaCPP): {@link vae4j.engine.Engine#init()} loads the natives safely and sets
 * the threads; {@link vae4j.engine.Tensors} and the layers ({@link vae4j.engine.Dense}, {@link vae4j.engine.Conv2d},
 * {@link vae4j.engine.ConvTranspose2d}) hide the C++-shaped API. The only package that touches JavaCPP options.
 */
package vae4j.engine;

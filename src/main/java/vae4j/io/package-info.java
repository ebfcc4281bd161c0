/**
 * Files written so that a crash never leaves half of one: {@link vae4j.io.AtomicFiles}; float32 tensors in the
 * safetensors format: {@link vae4j.io.SafeTensors}.
 */
package vae4j.io;

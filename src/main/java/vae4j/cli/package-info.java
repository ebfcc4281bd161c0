/**
 * The {@code vae4j} command line (picocli): {@link vae4j.cli.Main} lists the subcommands, one class each;
 * {@link vae4j.cli.ExitCodes} maps failures to exit codes.
 */
package vae4j.cli;

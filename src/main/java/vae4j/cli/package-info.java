/**
 * The {@code vae4j} command line (picocli): {@link vae4j.cli.Main} lists the subcommands, one class each;
 * {@link vae4j.cli.ExitCodes} maps failures to exit codes; {@code OutputGuard} checks every output path before a
 * command loads anything.
 */
package vae4j.cli;

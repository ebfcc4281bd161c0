package vae4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code vae4j} command line: subcommands, exit codes, one clear line per error. */
@Command(name = "vae4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Variational autoencoders on libtorch: train, inspect, encode, plot, generate, explore.",
        subcommands = {TrainCommand.class, SummaryCommand.class, EvaluateCommand.class, EncodeCommand.class,
            PlotCommand.class, ScoreCommand.class, CalibrateCommand.class,
            GenerateCommand.class, ReconstructCommand.class, DemoCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage, 3 data, 4 file I/O, 5 training diverged,"
            + " 6 engine, 7 out of memory, 130/143 interrupted by SIGINT/SIGTERM (a training run writes a checkpoint"
            + " first)."})
public final class Main implements Runnable {
    /**
     * The {@code version} attribute of subcommands ({@code @Command(..., version = Main.VERSION)}); what
     * {@code --version} prints comes from {@link VersionProvider} (version, commit, libtorch, platform), which
     * {@link #execute} installs on every command.
     */
    static final String VERSION = "vae4j";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        useVersionProvider(cl, new VersionProvider());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                    || (parseResult.subcommand() != null && parseResult.subcommand().subcommand() != null
                    && parseResult.subcommand().subcommand().hasMatchedOption("--verbose"));
            ExitCodes.print(e, commandLine.getErr(), verbose);
            return ExitCodes.of(e);
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            ExitCodes.print(e, err, java.util.Arrays.asList(args).contains("--verbose"));
            code = ExitCodes.OUT_OF_MEMORY;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Puts the build's version text on the command and all its subcommands, whatever their version attribute. */
    private static void useVersionProvider(CommandLine cl, VersionProvider provider) {
        cl.getCommandSpec().versionProvider(provider);
        cl.getSubcommands().values().forEach(sub -> useVersionProvider(sub, provider));
    }

    /**
     * Says why the process stops on SIGINT/SIGTERM and exits with 130/143; the exit runs the shutdown hooks, which
     * remove the temporary files of outputs being written ({@link vae4j.io.AtomicFiles}). A training run replaces
     * these handlers with its own (finish the batch, write a checkpoint) while it trains.
     */
    private static void onSignal(String name, int code, PrintWriter err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                err.println();
                err.println("vae4j: stopped by SIG" + name + "; outputs not yet written were discarded");
                err.flush();
                System.exit(code);
            });
        } catch (IllegalArgumentException ignored) {
            // the signal is not available (e.g. the JVM runs with -Xrs): the default handling applies
        }
    }

    /** True when standard output is an interactive terminal (progress bars) rather than a file or pipe. */
    static boolean isTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        onSignal("INT", ExitCodes.INTERRUPTED, err);
        onSignal("TERM", ExitCodes.TERMINATED, err);
        System.exit(execute(out, err, args));
    }
}

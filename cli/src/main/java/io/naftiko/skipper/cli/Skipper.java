package io.naftiko.skipper.cli;

import io.naftiko.skipper.cli.apply.ApplyCommand;
import io.naftiko.skipper.cli.apply.DiffCommand;
import io.naftiko.skipper.cli.audit.AuditCommand;
import io.naftiko.skipper.cli.dashboard.DashboardCommand;
import io.naftiko.skipper.cli.bundle.BundleCommand;
import io.naftiko.skipper.cli.certs.CertsCommand;
import io.naftiko.skipper.cli.demo.DemoCommand;
import io.naftiko.skipper.cli.fleet.FleetCommand;
import io.naftiko.skipper.cli.logs.LogsCommand;
import io.naftiko.skipper.cli.operator.StatusCommand;
import io.naftiko.skipper.cli.render.RenderCommand;
import io.naftiko.skipper.cli.version.CompletionCommand;
import io.naftiko.skipper.cli.version.VersionCommand;
import io.naftiko.skipper.cli.webhook.WebhookCommand;
import io.naftiko.skipper.gateway.GatewayCommand;
import io.naftiko.skipper.operator.OperatorCommand;
import io.naftiko.skipper.reconciler.render.SourceException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code skipper} executable. */
@Command(name = "skipper",
        mixinStandardHelpOptions = true,
        versionProvider = Skipper.Version.class,
        description = "Run Naftiko capabilities on Kubernetes: admission, reconciliation, signed policy bundles, certificates.",
        subcommands = {DemoCommand.class, RenderCommand.class, ApplyCommand.class, DiffCommand.class, WebhookCommand.class, StatusCommand.class, LogsCommand.class, AuditCommand.class, DashboardCommand.class,
            CertsCommand.class, BundleCommand.class, FleetCommand.class, VersionCommand.class, CompletionCommand.class})
public final class Skipper {

    /** A command whose errors exit with another code than {@link #EXIT_FAILED} (diff: 1 means "changes"). */
    public interface ErrorExitCode {
        /** The exit code of an error. */
        int errorExitCode();
    }

    /** Exit code of a run that found invalid input or another error the user can fix. */
    public static final int EXIT_FAILED = 1;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the causes and stack traces of errors.")
    boolean verbose;

    private final Map<String, String> environment;
    private final InputStream stdin;

    Skipper(Map<String, String> environment, InputStream stdin) {
        this.environment = environment;
        this.stdin = stdin;
    }

    /** What {@code -f -} reads. */
    public InputStream stdin() {
        return stdin;
    }

    /** The environment the command runs in (the operator's NAFTIKO_* settings come from it). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Entry point. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.in, out, err, System.getenv()));
    }

    /** Runs a command line against the given streams and environment; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        Skipper skipper = new Skipper(environment, in);
        CommandLine commandLine = new CommandLine(skipper);
        commandLine.registerConverter(Duration.class, new Durations());
        // The operator's command lives in the operator module (the image runs it alone), so it is added here, before help.
        commandLine.addSubcommand("operator", new OperatorCommand(environment));
        commandLine.addSubcommand("gateway", new GatewayCommand());
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        // A usage error is the offending option and a hint, not the whole help.
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failing = exception.getCommandLine();
            failing.getErr().println(failing.getCommandName() + ": " + exception.getMessage());
            failing.getErr().println("(see '" + failing.getCommandSpec().qualifiedName() + " --help')");
            failing.getErr().flush();
            return failing.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            boolean portInUse = exception.getClass().getSimpleName().contains("BindException")
                    || exception.getCause() instanceof BindException;
            // A command of another module (the gateway's) reports a failure the user can act on as picocli's ExecutionException.
            boolean userError = exception instanceof UserError || exception instanceof SourceException || portInUse
                    || exception instanceof CommandLine.ExecutionException;
            String message = portInUse ? "the port is in use (" + firstLine(exception.getMessage()) + ")"
                    : userError ? exception.getMessage()
                    : "unexpected " + exception.getClass().getSimpleName() + ": " + exception.getMessage();
            cmd.getErr().println(cmd.getCommandName() + ": error: " + message);
            if (skipper.verbose) {
                exception.printStackTrace(cmd.getErr());
            } else if (!userError) {
                cmd.getErr().println("(run with --verbose for details)");
            }
            cmd.getErr().flush();
            return cmd.getCommand() instanceof ErrorExitCode custom ? custom.errorExitCode() : EXIT_FAILED;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String firstLine(String text) {
        return text == null ? "no detail" : text.lines().findFirst().orElse(text);
    }

    /** This client's version, from the jar's manifest. */
    public static String version() {
        String version = Skipper.class.getPackage().getImplementationVersion();
        return "skipper " + (version == null ? "development build" : version);
    }

    /** The version {@code --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {version()};
        }
    }
}

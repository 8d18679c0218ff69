package io.naftiko.skipper.cli.version;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skipper completion bash|zsh}: the shell completion script picocli generates from the commands themselves. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script.",
            "bash: source <(skipper completion bash)",
            "zsh:  source <(skipper completion zsh)   (the script loads bashcompinit itself)"})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells the script is for; picocli's one script serves both. */
    public enum Shell {
        /** GNU bash. */
        bash,
        /** zsh, through its bash completion compatibility. */
        zsh
    }

    @Parameters(paramLabel = "bash|zsh", description = "The shell.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package io.naftiko.skipper.cli.bundle;

import picocli.CommandLine.Command;

/** {@code skipper bundle}: OPA-compatible signed policy bundles. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Build, sign, verify and serve OPA-compatible policy bundles.",
        subcommands = {BuildCommand.class, VerifyCommand.class, ServeCommand.class})
public final class BundleCommand {
}

package io.naftiko.skipper.cli.certs;

import picocli.CommandLine.Command;

/** {@code skipper certs}: a CA and certificates from it, as PEM files. */
@Command(name = "certs",
        mixinStandardHelpOptions = true,
        description = "Create Skipper's CA and issue certificates from it, as PEM files that openssl verify accepts.",
        subcommands = {CaCommand.class, IssueCommand.class})
public final class CertsCommand {
}

package io.naftiko.skipper.cli.fleet;

import picocli.CommandLine.Command;

/** {@code skipper fleet}: the fleet manifest, {@code naftiko.fleet.yaml}. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "The fleet manifest (naftiko.fleet.yaml): every capability, its environments and their revisions.",
        subcommands = {LintCommand.class, RenderFleetCommand.class, FleetStatusCommand.class, HistoryCommand.class,
            PromoteCommand.class, RollbackCommand.class})
public final class FleetCommand {
}

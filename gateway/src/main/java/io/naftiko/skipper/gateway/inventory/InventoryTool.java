package io.naftiko.skipper.gateway.inventory;

/**
 * A tool as the gateway offers it.
 *
 * @param exposedName its name at the gateway: the capability's name for it when unique in scope, else prefixed
 * @param target      the capability serving it
 * @param tool        the tool as the capability names and describes it
 */
public record InventoryTool(String exposedName, CapabilityTarget target, ToolDefinition tool) {

    /** Whether the gateway must rename the tool on its way to the capability. */
    public boolean isRenamed() {
        return !exposedName.equals(tool.name());
    }
}

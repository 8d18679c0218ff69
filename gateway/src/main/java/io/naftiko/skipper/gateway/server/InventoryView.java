package io.naftiko.skipper.gateway.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.inventory.InventoryTool;
import java.net.URI;

/** {@code GET /inventory}: every tool and every capability in scope, with where it runs and whether it is offered. */
public final class InventoryView {

    private InventoryView() {
    }

    /** The JSON document. */
    public static ObjectNode of(Inventory inventory) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode tools = root.putArray("tools");
        for (InventoryTool tool : inventory.all()) {
            ObjectNode entry = tools.addObject();
            entry.put("name", tool.exposedName());
            entry.put("tool", tool.tool().name());
            describe(entry, tool.target());
            entry.put("description", tool.tool().description());
        }
        ArrayNode capabilities = root.putArray("capabilities");
        for (CapabilityTarget target : inventory.targets()) {
            ObjectNode entry = capabilities.addObject();
            describe(entry, target);
            entry.put("tools", target.tools().size());
            entry.put("toolsFrom", target.toolsListed() ? "capability" : "document");
        }
        return root;
    }

    private static void describe(ObjectNode entry, CapabilityTarget target) {
        entry.put("capability", target.name());
        entry.put("namespace", target.namespace());
        entry.put("environment", target.environment());
        entry.put("endpoint", target.endpoint().map(URI::toString).orElse(""));
        entry.put("health", target.health().state().word());
        if (!target.health().reason().isEmpty()) {
            entry.put("reason", target.health().reason());
        }
    }
}

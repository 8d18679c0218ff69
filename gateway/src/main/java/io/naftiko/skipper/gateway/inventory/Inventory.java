package io.naftiko.skipper.gateway.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tool in the gateway's scope under a name that clashes with no other, always chosen the same way: a tool
 * keeps its name when no other capability in scope has a tool of that name; otherwise it is
 * {@code {capability}__{tool}}, and when capabilities of the same name in two namespaces both have it,
 * {@code {namespace}__{capability}__{tool}}. Names are decided over every capability in scope, ready or not, so a
 * capability going down and up again never renames another's tools.
 */
public final class Inventory {

    /** What separates a prefix from a tool's name. */
    public static final String SEPARATOR = "__";

    private final List<CapabilityTarget> targets;
    private final Map<String, InventoryTool> byName;

    private Inventory(List<CapabilityTarget> targets, Map<String, InventoryTool> byName) {
        this.targets = targets;
        this.byName = byName;
    }

    /** The empty inventory. */
    public static Inventory empty() {
        return of(List.of());
    }

    /** The inventory of these capabilities. */
    public static Inventory of(List<CapabilityTarget> targets) {
        List<CapabilityTarget> sorted = targets.stream().sorted(Comparator.comparing(CapabilityTarget::key)).toList();
        Map<String, Integer> owners = new HashMap<>();
        Map<String, Integer> ownersByCapability = new HashMap<>();
        for (CapabilityTarget target : sorted) {
            target.tools().stream().map(ToolDefinition::name).distinct().forEach(tool -> {
                owners.merge(tool, 1, Integer::sum);
                ownersByCapability.merge(target.name() + SEPARATOR + tool, 1, Integer::sum);
            });
        }
        List<InventoryTool> tools = new ArrayList<>();
        for (CapabilityTarget target : sorted) {
            for (ToolDefinition tool : target.tools()) {
                String prefixed = target.name() + SEPARATOR + tool.name();
                String name = owners.get(tool.name()) == 1 ? tool.name()
                        : ownersByCapability.get(prefixed) == 1 ? prefixed
                        : target.namespace() + SEPARATOR + prefixed;
                tools.add(new InventoryTool(name, target, tool));
            }
        }
        Map<String, InventoryTool> byName = new LinkedHashMap<>();
        tools.stream().sorted(Comparator.comparing(InventoryTool::exposedName)).forEach(t -> byName.putIfAbsent(t.exposedName(), t));
        return new Inventory(sorted, byName);
    }

    /** Every capability in scope, by {@code namespace/name}. */
    public List<CapabilityTarget> targets() {
        return targets;
    }

    /** Every tool, ready or withheld, by exposed name. */
    public List<InventoryTool> all() {
        return List.copyOf(byName.values());
    }

    /** The tools {@code tools/list} offers: those of Ready capabilities, by exposed name. */
    public List<InventoryTool> offered() {
        return byName.values().stream().filter(t -> t.target().health().isReady()).toList();
    }

    /** A tool by its exposed name, ready or withheld. */
    public Optional<InventoryTool> find(String exposedName) {
        return Optional.ofNullable(byName.get(exposedName));
    }

    /** A capability by {@code namespace/name}. */
    public Optional<CapabilityTarget> target(String namespace, String name) {
        return targets.stream().filter(t -> t.namespace().equals(namespace) && t.name().equals(name)).findFirst();
    }

    /** Whether the offered tools (names, descriptions, schemas) differ from another inventory's. */
    public boolean offersOtherThan(Inventory other) {
        return !signature(offered()).equals(signature(other.offered()));
    }

    private static List<String> signature(List<InventoryTool> tools) {
        return tools.stream().map(t -> t.exposedName() + "\n" + t.tool().description() + "\n" + t.tool().inputSchema()).toList();
    }
}

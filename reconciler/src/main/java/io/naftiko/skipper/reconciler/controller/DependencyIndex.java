package io.naftiko.skipper.reconciler.controller;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which Capabilities read which ConfigMaps and Secrets, as their last reconcile found: a change to a
 * dependency re-reconciles exactly its dependents, with no scan over every Capability.
 */
public final class DependencyIndex {

    private final Map<String, Set<String>> dependents = new HashMap<>();
    private final Map<String, Set<String>> dependencies = new HashMap<>();

    /** Replaces what a Capability depends on. */
    public synchronized void update(String capability, Set<String> newDependencies) {
        Set<String> old = dependencies.getOrDefault(capability, Set.of());
        for (String dependency : old) {
            Set<String> set = dependents.get(dependency);
            if (set != null) {
                set.remove(capability);
                if (set.isEmpty()) {
                    dependents.remove(dependency);
                }
            }
        }
        if (newDependencies.isEmpty()) {
            dependencies.remove(capability);
            return;
        }
        dependencies.put(capability, Set.copyOf(newDependencies));
        for (String dependency : newDependencies) {
            dependents.computeIfAbsent(dependency, k -> new HashSet<>()).add(capability);
        }
    }

    /** Every dependency of a kind ({@code Secret}), as {@code Kind/ns/name}, that some Capability reads now. */
    public synchronized Set<String> dependenciesOfKind(String kind) {
        Set<String> found = new HashSet<>();
        for (String dependency : dependents.keySet()) {
            if (dependency.startsWith(kind + "/")) {
                found.add(dependency);
            }
        }
        return found;
    }

    /** The Capabilities that read a dependency ({@code ConfigMap/ns/name} or {@code Secret/ns/name}). */
    public synchronized Set<String> dependents(String dependency) {
        return Set.copyOf(dependents.getOrDefault(dependency, Set.of()));
    }
}

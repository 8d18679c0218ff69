package io.naftiko.skipper.api.validation;

import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.TierPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What makes a Fleet manifest wrong before anything runs, every problem named by its path (the rules of
 * {@code skipper fleet lint} and of admission): names that do not resolve in overrides, binds, pins and
 * {@code promotesFrom}; two environments on one namespace of one cluster; a {@code promotesFrom} cycle; pins that
 * are neither one revision nor one digest; overrides above the tier's policy or naming an unknown tier.
 */
public final class FleetRules {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private FleetRules() {
    }

    /** Every violation of {@code fleet}; {@code classes} looks the tiers up by name (the cluster's, or the shipped ones). */
    public static List<Violation> validate(Fleet fleet, Function<String, Optional<CapabilityClass>> classes) {
        List<Violation> violations = new ArrayList<>();
        FleetSpec spec = fleet.getSpec();
        if (spec == null) {
            violations.add(new Violation("spec", "a Fleet needs a spec"));
            return violations;
        }
        if (spec.sources() == null || blank(spec.sources().namespace())) {
            violations.add(new Violation("spec.sources.namespace", "required: the namespace of the source ConfigMaps"));
        }
        Map<String, FleetSpec.FleetCapability> capabilities = capabilities(spec, classes, violations);
        List<FleetSpec.Environment> environments = Optional.ofNullable(spec.environments()).orElse(List.of());
        Set<String> environmentNames = new HashSet<>();
        Map<String, String> namespaces = new HashMap<>();
        for (int i = 0; i < environments.size(); i++) {
            FleetSpec.Environment environment = environments.get(i);
            String path = "spec.environments[" + i + "]";
            if (blank(environment.name())) {
                violations.add(new Violation(path + ".name", "required"));
            } else if (!environmentNames.add(environment.name())) {
                violations.add(new Violation(path + ".name", "environment " + environment.name() + " is defined twice"));
            }
            if (blank(environment.namespace())) {
                violations.add(new Violation(path + ".namespace", "required: the namespace the environment runs in"));
            } else {
                String where = Objects.toString(environment.cluster(), "") + "/" + environment.namespace();
                String other = namespaces.putIfAbsent(where, environment.name());
                if (other != null) {
                    violations.add(new Violation(path + ".namespace", "namespace " + environment.namespace() + " is already environment "
                            + other + "'s" + (environment.cluster() == null ? "" : " in cluster " + environment.cluster())
                            + ": one environment per namespace"));
                }
            }
            environment(environment, path, capabilities, classes, violations);
        }
        for (int i = 0; i < environments.size(); i++) {
            String from = environments.get(i).promotesFrom();
            if (from != null && !environmentNames.contains(from)) {
                violations.add(new Violation("spec.environments[" + i + "].promotesFrom", "no environment named " + from));
            }
        }
        cycle(environments).ifPresent(cycle -> violations.add(new Violation("spec.environments",
                "promotesFrom makes a cycle: " + String.join(" -> ", cycle))));
        return violations;
    }

    private static Map<String, FleetSpec.FleetCapability> capabilities(FleetSpec spec, Function<String, Optional<CapabilityClass>> classes,
                                                                      List<Violation> violations) {
        Map<String, FleetSpec.FleetCapability> byName = new HashMap<>();
        List<FleetSpec.FleetCapability> list = Optional.ofNullable(spec.capabilities()).orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            FleetSpec.FleetCapability capability = list.get(i);
            String path = "spec.capabilities[" + i + "]";
            if (blank(capability.name()) || !DNS_LABEL.matcher(capability.name()).matches() || capability.name().length() > 63) {
                violations.add(new Violation(path + ".name", "'" + capability.name() + "' must be a DNS-1035 label: it names the"
                        + " Capability and its Service in every environment"));
            } else if (byName.putIfAbsent(capability.name(), capability) != null) {
                violations.add(new Violation(path + ".name", "capability " + capability.name() + " is listed twice"));
            }
            if (capability.source() == null || blank(capability.source().configMap())) {
                violations.add(new Violation(path + ".source.configMap", "required: the ConfigMap holding the document"));
            }
            tier(capability.tier(), path + ".tier", classes, violations);
        }
        return byName;
    }

    private static void environment(FleetSpec.Environment environment, String path, Map<String, FleetSpec.FleetCapability> capabilities,
                                    Function<String, Optional<CapabilityClass>> classes, List<Violation> violations) {
        if (environment.track() != null && !environment.track().equals("latest")) {
            violations.add(new Violation(path + ".track", "'" + environment.track() + "': the only track is latest"));
        }
        Optional.ofNullable(environment.overrides()).orElse(Map.of()).forEach((name, override) -> {
            String at = path + ".overrides." + name;
            if (known(name, capabilities, at, violations) && override != null) {
                String tier = override.tier() != null ? override.tier() : capabilities.get(name).tier();
                tier(override.tier(), at + ".tier", classes, violations);
                Integer max = Optional.ofNullable(tier).flatMap(classes).map(c -> c.getSpec() == null ? null : c.getSpec().policy())
                        .map(TierPolicy::maxReplicas).orElse(null);
                if (override.replicas() != null && max != null && override.replicas() > max) {
                    violations.add(new Violation(at + ".replicas", override.replicas() + " is above tier " + tier + "'s maximum of " + max));
                }
            }
        });
        Optional.ofNullable(environment.binds()).orElse(Map.of()).keySet()
                .forEach(name -> known(name, capabilities, path + ".binds." + name, violations));
        Optional.ofNullable(environment.pins()).orElse(Map.of()).forEach((name, pin) -> {
            String at = path + ".pins." + name;
            if (known(name, capabilities, at, violations)) {
                boolean revision = pin != null && pin.revision() != null;
                boolean digest = pin != null && pin.digest() != null;
                if (revision == digest) {
                    violations.add(new Violation(at, "a pin is one revision: give revision or digest, not " + (revision ? "both" : "neither")));
                } else if (revision && pin.revision() < 1) {
                    violations.add(new Violation(at + ".revision", "revisions are numbered from 1"));
                } else if (digest && !DIGEST.matcher(pin.digest()).matches()) {
                    violations.add(new Violation(at + ".digest", "'" + pin.digest() + "' is not sha256: and 64 hex digits"));
                }
            }
        });
    }

    private static boolean known(String capability, Map<String, FleetSpec.FleetCapability> capabilities, String path, List<Violation> violations) {
        if (!capabilities.containsKey(capability)) {
            violations.add(new Violation(path, "no capability named " + capability + " in spec.capabilities"));
            return false;
        }
        return true;
    }

    private static void tier(String tier, String path, Function<String, Optional<CapabilityClass>> classes, List<Violation> violations) {
        if (tier != null && classes.apply(tier).isEmpty()) {
            violations.add(new Violation(path, "no CapabilityClass named " + tier));
        }
    }

    /** The first promotesFrom cycle, as the environments along it (the first one repeated at the end). */
    static Optional<List<String>> cycle(List<FleetSpec.Environment> environments) {
        Map<String, String> from = new HashMap<>();
        environments.stream().filter(e -> e.name() != null && e.promotesFrom() != null).forEach(e -> from.put(e.name(), e.promotesFrom()));
        for (String start : new TreeSet<>(from.keySet())) {
            LinkedHashSet<String> path = new LinkedHashSet<>();
            for (String at = start; at != null; at = from.get(at)) {
                if (!path.add(at)) {
                    List<String> cycle = new ArrayList<>();
                    boolean in = false;
                    for (String step : path) {
                        in |= step.equals(at);
                        if (in) {
                            cycle.add(step);
                        }
                    }
                    cycle.add(at);
                    return Optional.of(cycle);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package io.naftiko.skipper.api.expansion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.tier.ResolvedClass;
import io.naftiko.skipper.api.v1alpha3.CapabilityClassSpec;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The expansion rules of admission: class defaults into {@code spec.runtime}, filling only what the
 * user left unset, and the OpenTelemetry environment. Pure and idempotent: expanding an expanded
 * runtime changes nothing.
 */
public final class RuntimeExpansion {

    /** Always set, to {@code naftiko-{name}}. */
    public static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";
    /** Always set, naming namespace, capability and tier. */
    public static final String OTEL_RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    /** From {@code NAFTIKO_OTEL_ENDPOINT}. */
    public static final String OTEL_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** From {@code NAFTIKO_OTEL_PROTOCOL}. */
    public static final String OTEL_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    /** Set with the sampling rate. */
    public static final String OTEL_SAMPLER = "OTEL_TRACES_SAMPLER";
    /** From {@code NAFTIKO_OTEL_SAMPLING_RATE}. */
    public static final String OTEL_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
    /** From {@code NAFTIKO_OTEL_HEADERS}, only ever as a secretKeyRef. */
    public static final String OTEL_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    /** The sampler used with a sampling rate. */
    public static final String RATIO_SAMPLER = "parentbased_traceidratio";

    private RuntimeExpansion() {
    }

    /**
     * Expands a runtime.
     *
     * @param current       the runtime as stored or sent (may be null)
     * @param namespace     the Capability's namespace
     * @param name          the Capability's name
     * @param resolved      the class it runs with
     * @param previousClass the class the runtime was last expanded from, when that was another class:
     *                      values equal to its defaults are taken as defaulted, not chosen, and re-filled
     * @param settings      the operator's settings
     */
    public static CapabilityRuntime expand(CapabilityRuntime current, String namespace, String name,
                                           ResolvedClass resolved, Optional<CapabilityClassSpec> previousClass,
                                           OperatorSettings settings) {
        CapabilityRuntime base = current == null ? CapabilityRuntime.empty() : current;
        ObjectNode tree = Mappers.json().valueToTree(base);
        tree.remove("env");
        previousClass.ifPresent(previous -> {
            ObjectNode previousDefaults = defaultsOf(previous);
            // A rollout is taken as defaulted only whole: one the user edited is theirs, all of it.
            JsonNode previousRollout = previousDefaults.remove("rollout");
            if (previousRollout != null && previousRollout.equals(tree.get("rollout"))) {
                tree.remove("rollout");
            }
            JsonDefaults.removeDefaulted(tree, previousDefaults);
        });
        ObjectNode defaults = defaultsOf(resolved.spec());
        if (tree.hasNonNull("rollout")) {
            // A strategy is one decision: a runtime's own canary takes no blue/green field (nor step) of the class's.
            defaults.remove("rollout");
        }
        JsonDefaults.fillUnset(tree, defaults);
        tree.put("class", resolved.className());
        CapabilityRuntime filled = Mappers.json().convertValue(tree, CapabilityRuntime.class);
        List<EnvVar> env = expandEnv(base.env(), namespace, name, resolved.tier(), settings);
        return new CapabilityRuntime(filled.className(), filled.resources(), filled.autoscaling(),
                filled.resilience(), env, base.image(), filled.routing(), filled.mesh(), filled.rollout());
    }

    private static ObjectNode defaultsOf(CapabilityClassSpec spec) {
        ObjectNode defaults = Mappers.json().createObjectNode();
        if (spec == null) {
            return defaults;
        }
        if (spec.resources() != null) {
            defaults.set("resources", Mappers.json().valueToTree(spec.resources()));
        }
        if (spec.hpa() != null) {
            defaults.set("autoscaling", Mappers.json().valueToTree(spec.hpa()));
        }
        if (spec.resilience() != null) {
            defaults.set("resilience", Mappers.json().valueToTree(spec.resilience()));
        }
        if (spec.routing() != null) {
            defaults.set("routing", Mappers.json().valueToTree(spec.routing()));
        }
        if (spec.mesh() != null) {
            defaults.put("mesh", spec.mesh());
        }
        if (spec.rollout() != null) {
            defaults.set("rollout", Mappers.json().valueToTree(spec.rollout()));
        }
        return defaults;
    }

    private static List<EnvVar> expandEnv(List<EnvVar> userEnv, String namespace, String name, String tier,
                                          OperatorSettings settings) {
        Map<String, EnvVar> enforced = new LinkedHashMap<>();
        enforced.put(OTEL_SERVICE_NAME, literal(OTEL_SERVICE_NAME, "naftiko-" + name));
        enforced.put(OTEL_RESOURCE_ATTRIBUTES, literal(OTEL_RESOURCE_ATTRIBUTES,
                "k8s.namespace.name=" + resourceValue(namespace) + ",naftiko.capability=" + resourceValue(name)
                        + ",naftiko.tier=" + resourceValue(tier)));

        Map<String, EnvVar> defaults = new LinkedHashMap<>();
        settings.otelEndpoint().ifPresent(v -> defaults.put(OTEL_ENDPOINT, literal(OTEL_ENDPOINT, v)));
        settings.otelProtocol().ifPresent(v -> defaults.put(OTEL_PROTOCOL, literal(OTEL_PROTOCOL, v)));
        settings.otelSamplingRate().ifPresent(v -> {
            defaults.put(OTEL_SAMPLER, literal(OTEL_SAMPLER, RATIO_SAMPLER));
            defaults.put(OTEL_SAMPLER_ARG, literal(OTEL_SAMPLER_ARG, v));
        });
        settings.otelHeaders().ifPresent(secret -> defaults.put(OTEL_HEADERS, new EnvVarBuilder()
                .withName(OTEL_HEADERS)
                .withNewValueFrom().withNewSecretKeyRef(OperatorSettings.OTEL_HEADERS_KEY,
                        OperatorSettings.OTEL_HEADERS_SECRET, false).endValueFrom()
                .build()));

        List<EnvVar> env = new ArrayList<>();
        Set<String> emitted = new HashSet<>();
        if (userEnv != null) {
            for (EnvVar var : userEnv) {
                EnvVar replacement = enforced.get(var.getName());
                if (replacement == null) {
                    env.add(var);
                } else if (emitted.add(var.getName())) {
                    env.add(replacement);
                }
                defaults.remove(var.getName());
            }
        }
        enforced.forEach((varName, var) -> {
            if (!emitted.contains(varName)) {
                env.add(var);
            }
        });
        env.addAll(defaults.values());
        return env;
    }

    private static EnvVar literal(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /**
     * A value of {@code OTEL_RESOURCE_ATTRIBUTES}, escaped as the OpenTelemetry specification says (W3C Baggage
     * octets): ',', '=', '%', ';', '"', '\\', spaces, controls and non-ASCII are percent-encoded (UTF-8), so no value
     * can add or change an attribute.
     */
    static String resourceValue(String value) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = c > 0x20 && c < 0x7f && c != ',' && c != '=' && c != '%' && c != ';' && c != '"' && c != '\\';
            if (plain) {
                escaped.append((char) c);
            } else {
                escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return escaped.toString();
    }
}

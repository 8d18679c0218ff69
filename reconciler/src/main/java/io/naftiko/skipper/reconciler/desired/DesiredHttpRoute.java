package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.naftiko.skipper.api.v1alpha3.GatewayRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Gateway API {@code HTTPRoute} per REST expose, when the runtime names a Gateway and the CRD is installed:
 * path prefix {@code /{namespace}/{capability}} (a second REST expose gets {@code /{namespace}/{capability}/{port}}),
 * the prefix removed on the way, to the capability's Service on that expose's port. Any Gateway API implementation
 * routes it; the MCP gateway's built-in router serves the same paths where there is none.
 */
public final class DesiredHttpRoute {

    /** API version of the HTTPRoute kind. */
    public static final String API_VERSION = "gateway.networking.k8s.io/v1";
    /** The kind. */
    public static final String KIND = "HTTPRoute";
    private static final String GROUP = "gateway.networking.k8s.io";

    private DesiredHttpRoute() {
    }

    /** The HTTPRoutes; none without a Gateway in the runtime, without a REST expose, or without the CRD. */
    public static List<GenericKubernetesResource> of(CapabilityInputs inputs) {
        Optional<GatewayRef> gateway = Optional.ofNullable(inputs.runtime().routing()).map(r -> r.gateway());
        if (!inputs.httpRouteSupported() || gateway.isEmpty()) {
            return List.of();
        }
        List<GenericKubernetesResource> routes = new ArrayList<>();
        List<NamedPort> rest = inputs.ports().stream().filter(p -> "rest".equals(p.expose().type())).toList();
        for (int i = 0; i < rest.size(); i++) {
            NamedPort port = rest.get(i);
            String prefix = "/" + inputs.namespace() + "/" + inputs.name() + (i == 0 ? "" : "/" + port.name());
            ObjectMeta metadata = inputs.childMetadata();
            metadata.setName(i == 0 ? inputs.name() : inputs.name() + "-" + port.name());
            routes.add(new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind(KIND).withMetadata(metadata)
                    .withAdditionalProperties(Map.of("spec", spec(inputs, gateway.get(), port, prefix))).build());
        }
        return routes;
    }

    /** The names of the HTTPRoutes a Capability may own, for removing those no longer wanted. */
    public static boolean isRouteOf(String routeName, String capability) {
        return routeName.equals(capability) || routeName.startsWith(capability + "-rest");
    }

    private static Map<String, Object> spec(CapabilityInputs inputs, GatewayRef gateway, NamedPort port, String prefix) {
        // Ordered maps: the same inputs give the same bytes (golden files, and no spurious updates).
        Map<String, Object> parent = new LinkedHashMap<>();
        parent.put("group", GROUP);
        parent.put("kind", "Gateway");
        parent.put("name", gateway.name());
        if (gateway.namespace() != null) {
            parent.put("namespace", gateway.namespace());
        }
        if (gateway.sectionName() != null) {
            parent.put("sectionName", gateway.sectionName());
        }
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("type", "PathPrefix");
        path.put("value", prefix);
        Map<String, Object> rewrite = new LinkedHashMap<>();
        rewrite.put("type", "ReplacePrefixMatch");
        rewrite.put("replacePrefixMatch", "/");
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("type", "URLRewrite");
        filter.put("urlRewrite", Map.of("path", rewrite));
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("group", "");
        backend.put("kind", "Service");
        backend.put("name", inputs.name());
        backend.put("port", port.port());
        backend.put("weight", 1);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("matches", List.of(Map.of("path", path)));
        rule.put("filters", List.of(filter));
        rule.put("backendRefs", List.of(backend));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("parentRefs", List.of(parent));
        spec.put("rules", List.of(rule));
        return spec;
    }
}

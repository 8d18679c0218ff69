package io.naftiko.skipper.reconciler.desired;

import java.util.Map;

/**
 * What joining a service mesh takes of a capability's pods and Service: the mesh's injection mark on the pod template
 * and an {@code appProtocol} on every Service port, so the mesh treats the engine's ports as HTTP.
 */
public final class Mesh {

    /** The appProtocol every engine port speaks. */
    public static final String APP_PROTOCOL = "http";

    private Mesh() {
    }

    /** Pod template annotations of a mesh ({@code null}: none). */
    public static Map<String, String> podAnnotations(String mesh) {
        if (mesh == null) {
            return Map.of();
        }
        return switch (mesh) {
            case "linkerd" -> Map.of("linkerd.io/inject", "enabled");
            case "consul" -> Map.of("consul.hashicorp.com/connect-inject", "true");
            default -> Map.of();
        };
    }

    /** Pod template labels of a mesh: Istio reads its injection mark from a label. */
    public static Map<String, String> podLabels(String mesh) {
        return "istio".equals(mesh) ? Map.of("sidecar.istio.io/inject", "true") : Map.of();
    }
}

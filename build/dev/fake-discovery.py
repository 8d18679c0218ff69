"""A fake Kubernetes discovery endpoint, so that `kubectl apply --dry-run=client` can check
Skipper's manifests on a machine without a cluster. It knows the kinds Skipper ships and renders,
answers 404 for every object (so kubectl plans a create), and serves on 127.0.0.1 only."""
import json, http.server, sys
GROUPS = {"apps": ("v1", [("deployments", "Deployment", True)]),
          "networking.k8s.io": ("v1", [("ingresses", "Ingress", True)]),
          "autoscaling": ("v2", [("horizontalpodautoscalers", "HorizontalPodAutoscaler", True)]),
          "monitoring.coreos.com": ("v1", [("servicemonitors", "ServiceMonitor", True)]),
          "admissionregistration.k8s.io": ("v1", [("mutatingwebhookconfigurations", "MutatingWebhookConfiguration", False), ("validatingwebhookconfigurations", "ValidatingWebhookConfiguration", False)]),
          "rbac.authorization.k8s.io": ("v1", [("clusterroles", "ClusterRole", False), ("clusterrolebindings", "ClusterRoleBinding", False), ("roles", "Role", True), ("rolebindings", "RoleBinding", True)]),
          "apiextensions.k8s.io": ("v1", [("customresourcedefinitions", "CustomResourceDefinition", False)]),
          "naftiko.io": ("v1alpha3", [("capabilities", "Capability", True), ("capabilityclasses", "CapabilityClass", False), ("wardens", "Warden", True)])}
class H(http.server.BaseHTTPRequestHandler):
    def send(self, code, body):
        b = json.dumps(body).encode(); self.send_response(code)
        self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        p = self.path.split("?")[0]
        if p == "/api": return self.send(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        if p == "/apis": return self.send(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [{"name": g, "versions": [{"groupVersion": g + "/" + v, "version": v}], "preferredVersion": {"groupVersion": g + "/" + v, "version": v}} for g, (v, _) in GROUPS.items()]})
        if p == "/api/v1": return self.send(200, {"kind": "APIResourceList", "groupVersion": "v1", "resources": [{"name": r, "singularName": "", "namespaced": True, "kind": k, "verbs": ["get", "list", "create", "update", "patch", "delete"]} for r, k in [("configmaps", "ConfigMap"), ("secrets", "Secret"), ("services", "Service"), ("serviceaccounts", "ServiceAccount")]] + [{"name": "namespaces", "singularName": "", "namespaced": False, "kind": "Namespace", "verbs": ["get", "create"]}]})
        for g, (v, rs) in GROUPS.items():
            if p == f"/apis/{g}/{v}":
                return self.send(200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{g}/{v}", "resources": [{"name": r, "singularName": "", "namespaced": ns, "kind": k, "verbs": ["get", "list", "create", "update", "patch", "delete"]} for r, k, ns in rs]})
        if p == "/version": return self.send(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0"})
        sys.stderr.write("404 " + p + "\n")
        return self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404, "message": "not found"})
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()

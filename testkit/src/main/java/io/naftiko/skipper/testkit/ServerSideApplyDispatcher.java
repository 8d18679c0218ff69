package io.naftiko.skipper.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's CRUD dispatcher plus the server-side apply it lacks (it answers an apply patch with 415), and
 * injected faults, and a JSON merge patch that replaces arrays as RFC 7386 says. The apply is an approximation of the API server's for one manager at a time, enough to test a
 * controller that owns its fields:
 * <ul>
 *   <li>a missing object is created; an existing one gets the applied fields laid over it (maps merge, lists and
 *       values are replaced whole);</li>
 *   <li>the fields the manager applied last time and does not apply now are removed (its set is kept in
 *       {@code metadata.managedFields}, as the API server does, with lists recorded whole);</li>
 *   <li>every apply is forced: conflicts with other managers are not modelled;</li>
 *   <li>{@code dryRun=All} returns the result and stores nothing.</li>
 * </ul>
 * Every create, update, merge patch and apply (dry run included; status writes excluded) passes the {@link Admission}
 * set, as kube-apiserver's admission chain would: its denial is answered as the API server answers a webhook's.
 */
final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    /** Identity fields the API server never lists in a manager's field set. */
    private static final Set<String> IDENTITY = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "managedFields", "selfLink");

    private final ObjectMapper json = new ObjectMapper();
    private final List<Fault> faults = new ArrayList<>();
    private final Clock clock;
    private volatile Admission admission = (operation, object, old) -> Admission.Verdict.allow(object);

    /** A response answered instead of the real one, {@code remaining} more times: a Status (a fault) or a body given. */
    private static final class Fault {
        final String method;
        final String pathPrefix;
        final int code;
        final String body;
        int remaining;

        Fault(String method, String pathPrefix, int code, String body, int times) {
            this.method = method;
            this.pathPrefix = pathPrefix;
            this.code = code;
            this.body = body;
            this.remaining = times;
        }
    }

    ServerSideApplyDispatcher(Clock clock) {
        this.clock = clock;
    }

    synchronized void fail(String method, String pathPrefix, int code, int times) {
        faults.add(new Fault(method, pathPrefix, code, "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
                + "\"code\":" + code + ",\"message\":\"injected fault\",\"reason\":\"InjectedFault\"}", times));
    }

    void admitWith(Admission chain) {
        this.admission = chain;
    }

    synchronized void respond(String method, String pathPrefix, int code, String body) {
        faults.add(new Fault(method, pathPrefix, code, body, Integer.MAX_VALUE));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Fault injected = injected(request);
        if (injected != null) {
            return new MockResponse().setResponseCode(injected.code).setBody(injected.body);
        }
        return super.dispatch(request);
    }

    private synchronized Fault injected(RecordedRequest request) {
        for (Fault fault : faults) {
            if (fault.remaining > 0 && fault.method.equalsIgnoreCase(request.getMethod()) && request.getPath().startsWith(fault.pathPrefix)) {
                fault.remaining--;
                return fault;
            }
        }
        return null;
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (type != null && type.startsWith(APPLY_PATCH)) {
            synchronized (this) {
                return apply(request);
            }
        }
        if (type != null && type.startsWith(MERGE_PATCH)) {
            synchronized (this) {
                return mergePatch(request);
            }
        }
        return super.handlePatch(request);
    }

    /** RFC 7386, which the CRUD dispatcher gets wrong for arrays (it appends instead of replacing). */
    private MockResponse mergePatch(RecordedRequest request) {
        String path = request.getPath().split("\\?", 2)[0];
        MockResponse current = handleGet(path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path);
        if (current.code() != 200) {
            return current;
        }
        try {
            JsonNode patch = json.readTree(request.getUtf8Body());
            ObjectNode live = (ObjectNode) json.readTree(current.getBody().readUtf8());
            if (!(patch instanceof ObjectNode patchObject)) {
                return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"code\":400,\"message\":\"not an object\"}");
            }
            mergeRfc7386(live, patchObject);
            return handleUpdate(request(HttpMethod.PUT, path, live));
        } catch (JsonProcessingException e) {
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"code\":400,\"message\":\"not JSON\"}");
        }
    }

    private static void mergeRfc7386(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value instanceof ObjectNode object && target.get(field.getKey()) instanceof ObjectNode existing) {
                mergeRfc7386(existing, object);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private MockResponse apply(RecordedRequest request) {
        String path = request.getPath().split("\\?", 2)[0];
        String manager = query(request.getPath(), "fieldManager");
        ObjectNode applied;
        try {
            applied = (ObjectNode) json.readTree(request.getUtf8Body());
        } catch (JsonProcessingException | ClassCastException e) {
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"code\":400,\"message\":\"not an object\"}");
        }
        // dryRun=All: the API server computes and admits the result but stores nothing.
        boolean dryRun = "All".equals(query(request.getPath(), "dryRun"));
        MockResponse current = handleGet(path);
        if (current.code() == 404) {
            ObjectNode created = applied.deepCopy();
            setManagedFields(created, manager, fieldSet(applied));
            Admission.Verdict verdict = admission.review("CREATE", created, null);
            if (!verdict.allowed()) {
                return denial(verdict);
            }
            return dryRun ? new MockResponse().setResponseCode(201).setBody(verdict.object().toString())
                    : super.handleCreate(request(HttpMethod.POST, path.substring(0, path.lastIndexOf('/')), verdict.object()));
        }
        ObjectNode live;
        try {
            live = (ObjectNode) json.readTree(current.getBody().readUtf8());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored object is not JSON", e);
        }
        JsonNode previous = ownedBy(live, manager);
        ObjectNode next = live.deepCopy();
        removeReleased(next, previous, applied);
        merge(next, applied);
        setManagedFields(next, manager, fieldSet(applied));
        Admission.Verdict verdict = path.endsWith("/status") ? Admission.Verdict.allow(next) : admission.review("UPDATE", next, live);
        if (!verdict.allowed()) {
            return denial(verdict);
        }
        return dryRun ? new MockResponse().setResponseCode(200).setBody(verdict.object().toString())
                : super.handleUpdate(request(HttpMethod.PUT, path, verdict.object()));
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        String path = request.getPath().split("\\?", 2)[0];
        JsonNode object;
        try {
            object = json.readTree(request.getUtf8Body());
        } catch (JsonProcessingException e) {
            return super.handleCreate(request);
        }
        Admission.Verdict verdict = admission.review("CREATE", object, null);
        return verdict.allowed() ? super.handleCreate(request(HttpMethod.POST, path, verdict.object())) : denial(verdict);
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        String path = request.getPath().split("\\?", 2)[0];
        if (path.endsWith("/status")) {
            return super.handleUpdate(request);
        }
        JsonNode object;
        JsonNode old;
        try {
            object = json.readTree(request.getUtf8Body());
            MockResponse current = handleGet(path);
            old = current.code() == 200 ? json.readTree(current.getBody().readUtf8()) : null;
        } catch (JsonProcessingException e) {
            return super.handleUpdate(request);
        }
        Admission.Verdict verdict = admission.review("UPDATE", object, old);
        return verdict.allowed() ? super.handleUpdate(request(HttpMethod.PUT, path, verdict.object())) : denial(verdict);
    }

    /** A webhook's denial as kube-apiserver answers it: a Status naming the webhook, with the webhook's message. */
    private MockResponse denial(Admission.Verdict verdict) {
        ObjectNode status = json.createObjectNode().put("apiVersion", "v1").put("kind", "Status").put("status", "Failure");
        status.putObject("metadata");
        status.put("message", "admission webhook \"" + verdict.webhook() + "\" denied the request: " + verdict.message());
        status.put("reason", verdict.code() == 403 ? "Forbidden" : "BadRequest");
        status.put("code", verdict.code());
        return new MockResponse().setResponseCode(verdict.code()).setBody(status.toString());
    }

    private RecordedRequest request(HttpMethod method, String path, JsonNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(bytes));
    }

    /** The field set a manager owns, from the object's managedFields, or an empty one. */
    private JsonNode ownedBy(JsonNode object, String manager) {
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            if (manager.equals(entry.path("manager").asText()) && "Apply".equals(entry.path("operation").asText())) {
                return entry.path("fieldsV1");
            }
        }
        return json.createObjectNode();
    }

    /** Removes from {@code target} every map entry the manager owned before and does not apply now. */
    private static void removeReleased(ObjectNode target, JsonNode previous, JsonNode applied) {
        for (Map.Entry<String, JsonNode> owned : previous.properties()) {
            if (!owned.getKey().startsWith("f:")) {
                continue;
            }
            String field = owned.getKey().substring(2);
            JsonNode now = applied == null ? null : applied.get(field);
            if (now == null) {
                target.remove(field);
            } else if (now.isObject() && target.get(field) instanceof ObjectNode child) {
                removeReleased(child, owned.getValue(), now);
            }
        }
    }

    private static void merge(ObjectNode target, JsonNode applied) {
        for (Map.Entry<String, JsonNode> field : applied.properties()) {
            JsonNode current = target.get(field.getKey());
            if (current instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /** The FieldsV1 form of what was applied: {@code f:} per map key, lists and values owned whole. */
    private ObjectNode fieldSet(JsonNode applied) {
        ObjectNode set = json.createObjectNode();
        for (Map.Entry<String, JsonNode> field : applied.properties()) {
            if (field.getKey().equals("apiVersion") || field.getKey().equals("kind")) {
                continue;
            }
            JsonNode value = field.getValue();
            if (field.getKey().equals("metadata")) {
                ObjectNode metadata = json.createObjectNode();
                value.properties().forEach(m -> {
                    if (!IDENTITY.contains(m.getKey())) {
                        metadata.set("f:" + m.getKey(), m.getValue().isObject() ? fieldSet(m.getValue()) : json.createObjectNode());
                    }
                });
                set.set("f:metadata", metadata);
            } else {
                set.set("f:" + field.getKey(), value.isObject() ? fieldSet(value) : json.createObjectNode());
            }
        }
        return set;
    }

    private void setManagedFields(ObjectNode object, String manager, ObjectNode fields) {
        ObjectNode metadata = object.with("metadata");
        ArrayNode managed = json.createArrayNode();
        for (JsonNode entry : metadata.path("managedFields")) {
            if (!(manager.equals(entry.path("manager").asText()) && "Apply".equals(entry.path("operation").asText()))) {
                managed.add(entry);
            }
        }
        ObjectNode entry = managed.addObject();
        entry.put("manager", manager).put("operation", "Apply").put("apiVersion", object.path("apiVersion").asText())
                .put("time", clock.instant().toString()).put("fieldsType", "FieldsV1").set("fieldsV1", fields);
        metadata.set("managedFields", managed);
    }

    private static String query(String path, String name) {
        int start = path.indexOf('?');
        if (start < 0) {
            return "unknown";
        }
        for (String pair : path.substring(start + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name) && parts.length == 2) {
                return parts[1];
            }
        }
        return "unknown";
    }
}

package io.naftiko.skipper.webhook.admission;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.admission.MutationResult;
import io.naftiko.skipper.api.admission.ValidationResult;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.validation.CapabilityClassRules;
import io.naftiko.skipper.api.validation.FleetRules;
import io.naftiko.skipper.api.validation.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AdmissionReview in, response out, with no HTTP framework: the server hands it bytes and sends
 * back what it returns. Never throws: a body that is not an AdmissionReview is a 400 with a reason,
 * and any unexpected failure becomes a denial with code 500 that carries the request's uid.
 */
public final class AdmissionReviewHandler implements AdmissionService {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionReviewHandler.class);
    private static final String GROUP = "naftiko.io";

    private final Supplier<AdmissionContext> context;

    /**
     * A handler.
     *
     * @param context the lookups (classes, ConfigMaps, namespaces) and settings, read per request so
     *                that informer caches and settings can change underneath
     */
    public AdmissionReviewHandler(Supplier<AdmissionContext> context) {
        this.context = context;
    }

    /** Answers one call. */
    @Override
    public AdmissionAnswer handle(AdmissionEndpoint endpoint, byte[] body) {
        if (body.length == 0) {
            return badRequest("the request body is empty");
        }
        JsonNode review;
        try {
            review = Mappers.json().readTree(body);
        } catch (JacksonException e) {
            return badRequest("the request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return badRequest("the request body cannot be read: " + e.getMessage());
        }
        String problem = reviewProblem(review);
        if (problem != null) {
            return badRequest(problem);
        }
        ReviewRequest request = ReviewRequest.of(review.get("request"));
        try {
            return dispatch(endpoint, request);
        } catch (RuntimeException e) {
            LOG.error("{} of {} {}/{} (uid {}) failed", endpoint.label(), request.kind(), request.namespace(), request.name(),
                    request.uid(), e);
            return new AdmissionAnswer(200, ReviewResponses.denied(request.uid(), 500, "InternalError",
                    "skipper could not " + endpoint.label() + " this request: internal error ("
                            + e.getClass().getSimpleName() + "); see the operator's log", List.of(), List.of()),
                    AdmissionOutcome.ERROR, kindLabel(request), objectOf(request));
        }
    }

    private AdmissionAnswer dispatch(AdmissionEndpoint endpoint, ReviewRequest request) {
        boolean ours = GROUP.equals(request.group());
        if (ours && "Capability".equals(request.kind())) {
            return endpoint == AdmissionEndpoint.MUTATE ? mutateCapability(request) : validateCapability(request);
        }
        if (ours && "CapabilityClass".equals(request.kind())) {
            return endpoint == AdmissionEndpoint.MUTATE ? allowed(request, List.of()) : validateClass(request);
        }
        if (ours && "Fleet".equals(request.kind())) {
            return endpoint == AdmissionEndpoint.MUTATE ? allowed(request, List.of()) : validateFleet(request);
        }
        return allowed(request, List.of("skipper does not admit " + request.group() + "/" + request.kind()
                + "; it is allowed unchanged (check the webhook's rules)"));
    }

    private AdmissionAnswer mutateCapability(ReviewRequest request) {
        if (!request.writes() || !(request.object() instanceof ObjectNode raw)) {
            return allowed(request, List.of());
        }
        Capability capability;
        try {
            capability = readCapability(raw);
        } catch (UnreadableObject e) {
            return denied(request, List.of(e.violation), List.of());
        }
        String name = capability.getMetadata() == null ? null : capability.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            return denied(request, List.of(new Violation("metadata.name",
                    "required (generateName is not supported: the name names the capability's Service)")), List.of());
        }
        if (capability.getMetadata().getNamespace() == null) {
            capability.getMetadata().setNamespace(request.namespace());
        }
        MutationResult mutation = CapabilityAdmission.mutate(capability, context.get());

        ArrayNode patch = Mappers.json().createArrayNode();
        RawPatch.setMember(patch, raw, "/spec", "runtime",
                Mappers.json().valueToTree(mutation.capability().getSpec().getRuntime()));
        ObjectNode annotations = Mappers.json().createObjectNode();
        if (raw.at("/metadata/annotations") instanceof ObjectNode existing) {
            annotations.setAll(existing);
        }
        annotations.put(NaftikoLabels.CLASS_GENERATION, mutation.resolved().generation());
        RawPatch.setMember(patch, raw, "/metadata", "annotations", annotations);
        if (patch.isEmpty()) {
            return allowed(request, List.of());
        }
        try {
            byte[] bytes = Mappers.json().writeValueAsBytes(patch);
            return new AdmissionAnswer(200, ReviewResponses.patched(request.uid(), bytes, List.of()),
                    AdmissionOutcome.ALLOWED, kindLabel(request), objectOf(request));
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON patch always serializes", e);
        }
    }

    private AdmissionAnswer validateCapability(ReviewRequest request) {
        if (!request.writes() || request.object() == null) {
            return allowed(request, List.of());
        }
        Capability capability;
        try {
            capability = readCapability(request.object());
        } catch (UnreadableObject e) {
            return denied(request, List.of(e.violation), List.of());
        }
        if (capability.getMetadata() != null && capability.getMetadata().getNamespace() == null) {
            capability.getMetadata().setNamespace(request.namespace());
        }
        ValidationResult result = CapabilityAdmission.validate(capability, context.get());
        List<String> warnings = new ArrayList<>(result.warnings());
        tierChange(request, capability).ifPresent(warnings::add);
        return result.allowed() ? allowed(request, warnings) : denied(request, result.violations(), warnings);
    }

    private Optional<String> tierChange(ReviewRequest request, Capability capability) {
        if (request.oldObject() == null) {
            return Optional.empty();
        }
        String before = request.oldObject().path("spec").path("runtime").path("class").asText(null);
        String after = capability.getSpec() == null || capability.getSpec().getRuntime() == null ? null
                : capability.getSpec().getRuntime().className();
        if (before != null && after != null && !before.equals(after)) {
            return Optional.of("the capability moves from class '" + before + "' to '" + after
                    + "': its defaulted resources, replicas and resilience now come from '" + after + "'");
        }
        return Optional.empty();
    }

    private AdmissionAnswer validateClass(ReviewRequest request) {
        if (!request.writes() || request.object() == null) {
            return allowed(request, List.of());
        }
        try {
            List<Violation> violations = CapabilityClassRules.validate(read(request.object(), CapabilityClass.class));
            return violations.isEmpty() ? allowed(request, List.of()) : denied(request, violations, List.of());
        } catch (UnreadableObject e) {
            return denied(request, List.of(e.violation), List.of());
        }
    }

    /** A Fleet whose names do not resolve, or whose overrides break their tier's policy, is refused by its paths. */
    private AdmissionAnswer validateFleet(ReviewRequest request) {
        if (!request.writes() || request.object() == null) {
            return allowed(request, List.of());
        }
        try {
            List<Violation> violations = FleetRules.validate(read(request.object(), Fleet.class), context.get().classes());
            return violations.isEmpty() ? allowed(request, List.of()) : denied(request, violations, List.of());
        } catch (UnreadableObject e) {
            return denied(request, List.of(e.violation), List.of());
        }
    }

    private AdmissionAnswer allowed(ReviewRequest request, List<String> warnings) {
        return new AdmissionAnswer(200, ReviewResponses.allowed(request.uid(), warnings), AdmissionOutcome.ALLOWED,
                kindLabel(request), objectOf(request));
    }

    private AdmissionAnswer denied(ReviewRequest request, List<Violation> violations, List<String> warnings) {
        String subject = request.kind() + " " + (request.namespace().isEmpty() ? "" : request.namespace() + "/") + request.name();
        StringBuilder message = new StringBuilder(subject).append(" is invalid: ");
        message.append(violations.size() == 1 ? "1 violation" : violations.size() + " violations");
        violations.forEach(v -> message.append("\n- ").append(v));
        return new AdmissionAnswer(200, ReviewResponses.denied(request.uid(), 422, "Invalid", message.toString(), violations,
                warnings), AdmissionOutcome.DENIED, kindLabel(request), objectOf(request));
    }

    private static AdmissionAnswer badRequest(String message) {
        return new AdmissionAnswer(400, ReviewResponses.badRequest(message), AdmissionOutcome.BAD_REQUEST, "unknown", "");
    }

    private static String objectOf(ReviewRequest request) {
        return (request.namespace() == null || request.namespace().isEmpty() ? "" : request.namespace() + "/")
                + (request.name() == null ? "" : request.name());
    }

    /** What is wrong with a body that should be an AdmissionReview, or null when nothing is. */
    private static String reviewProblem(JsonNode review) {
        if (!review.isObject()) {
            return "expected an AdmissionReview object, found " + review.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        String kind = review.path("kind").asText("");
        String apiVersion = review.path("apiVersion").asText("");
        if (!"AdmissionReview".equals(kind)) {
            return "expected kind AdmissionReview, found " + (kind.isEmpty() ? "no kind" : "'" + kind + "'");
        }
        if (!ReviewResponses.API_VERSION.equals(apiVersion)) {
            return "AdmissionReview " + (apiVersion.isEmpty() ? "without apiVersion" : "'" + apiVersion + "'")
                    + " is not supported: skipper serves " + ReviewResponses.API_VERSION + " (admissionReviewVersions: [v1])";
        }
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            return "the AdmissionReview has no request";
        }
        if (!request.path("uid").isTextual() || request.path("uid").asText().isBlank()) {
            return "the AdmissionReview's request has no uid";
        }
        return null;
    }

    private static String kindLabel(ReviewRequest request) {
        return request.kind().isEmpty() ? "unknown" : request.kind();
    }

    /**
     * Reads a Capability, binding only metadata, specRef, runtime and status to types: the ikanos
     * document's nodes are shared with the request, not copied, since admission only reads them.
     */
    private static Capability readCapability(JsonNode object) throws UnreadableObject {
        if (!(object instanceof ObjectNode raw) || !(raw.get("spec") instanceof ObjectNode spec)) {
            return read(object, Capability.class);
        }
        ObjectNode shell = Mappers.json().createObjectNode();
        raw.properties().forEach(field -> {
            if (!field.getKey().equals("spec")) {
                shell.set(field.getKey(), field.getValue());
            }
        });
        ObjectNode typedSpec = shell.putObject("spec");
        for (String typed : List.of("specRef", "runtime")) {
            if (spec.has(typed)) {
                typedSpec.set(typed, spec.get(typed));
            }
        }
        Capability capability = read(shell, Capability.class);
        spec.properties().forEach(field -> {
            if (!field.getKey().equals("specRef") && !field.getKey().equals("runtime")) {
                capability.getSpec().setDocumentField(field.getKey(), field.getValue());
            }
        });
        return capability;
    }

    private static <T> T read(JsonNode object, Class<T> type) throws UnreadableObject {
        try {
            return Objects.requireNonNull(Mappers.json().treeToValue(object, type));
        } catch (JsonMappingException e) {
            throw new UnreadableObject(new Violation(path(e), "cannot be read: " + e.getOriginalMessage()
                    .replaceAll("\\s*\\(class [^)]*\\)", "").lines().findFirst().orElse("")));
        } catch (JacksonException e) {
            throw new UnreadableObject(new Violation("object", "cannot be read: " + e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "object" : path.toString();
    }

    /** An object of our kind whose fields do not have the types they must. */
    private static final class UnreadableObject extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Violation violation;

        UnreadableObject(Violation violation) {
            super(violation.toString(), null, false, false);
            this.violation = violation;
        }
    }
}

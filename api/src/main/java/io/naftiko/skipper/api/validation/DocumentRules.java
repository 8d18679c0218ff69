package io.naftiko.skipper.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.ikanos.Bind;
import io.naftiko.skipper.api.ikanos.BindFile;
import io.naftiko.skipper.api.ikanos.Expose;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Structural rules over an ikanos document, as far as running it on Kubernetes needs: exposes,
 * imports and binds. Every field is named relative to a root ({@code spec.} for an inline
 * document, the ConfigMap or file for a referenced one).
 */
public final class DocumentRules {

    /** A lowercase DNS label, as names built from a value (e.g. {@code {name}-import-{import}}) need. */
    public static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
    private static final String TYPES = "rest, mcp, skill, control";
    /** Kubernetes' limit for a label, a volume name and a DNS label. */
    private static final int MAX_LABEL = 63;
    /** Where the reconciler mounts the document (DESIGN §4). */
    private static final String SPEC_FILE = "/data/capability.yaml";
    /** Where Kubernetes mounts a pod's service-account token. */
    private static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    private DocumentRules() {
    }

    /** Every violation in the document. */
    public static List<Violation> validate(IkanosDocument document, String root) {
        List<Violation> violations = new ArrayList<>();
        JsonNode capability = document.at("capability");
        if (!capability.isObject()) {
            violations.add(new Violation(root + "capability", capability.isMissingNode()
                    ? "required: the capability with its exposes"
                    : "must be a mapping, found " + IkanosDocument.kind(capability)));
            return violations;
        }
        shapeOfList(document.at("capability", "exposes"), root + "capability.exposes", true, violations);
        shapeOfList(document.at("capability", "consumes"), root + "capability.consumes", false, violations);
        shapeOfList(document.at("consumes"), root + "consumes", false, violations);
        shapeOfList(document.at("binds"), root + "binds", false, violations);
        exposes(document.exposes(), root, violations);
        imports(document, root, violations);
        binds(document.binds(), root, violations);
        labels(document, root, violations);
        return violations;
    }

    /**
     * {@code info.labels} are copied onto every child and the tier among them reaches the engine's environment: each
     * must be a valid Kubernetes label, or the API server rejects the children long after admission.
     */
    private static void labels(IkanosDocument document, String root, List<Violation> violations) {
        Map<String, String> labels = document.info().labels();
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> {
            String at = root + "info.labels." + key;
            if (!LabelSelectors.isLabelKey(key)) {
                violations.add(new Violation(at, "'" + key + "' is not a label key (an optional DNS prefix and '/', then at most 63"
                        + " letters, digits, '-', '_' or '.'): it is copied onto every child"));
            }
            if (value == null || !LabelSelectors.isLabelValue(value)) {
                violations.add(new Violation(at, "'" + value + "' is not a label value (at most 63 letters, digits, '-', '_' or '.',"
                        + " starting and ending with a letter or digit): it is copied onto every child"));
            }
        });
    }

    /**
     * What is accepted but deserves a word, as admission warnings: deprecated forms, and an MCP expose the engine
     * will listen for on localhost only (no {@code address}), which no Service can reach.
     */
    public static List<String> warnings(IkanosDocument document, String root) {
        List<String> warnings = new ArrayList<>();
        for (Expose expose : document.exposes()) {
            if ("mcp".equals(expose.type()) && expose.listens() && (expose.address() == null || expose.address().isBlank())) {
                warnings.add(root + expose.field() + " (mcp) has no address: the engine listens on localhost only, so it cannot"
                        + " be reached through the capability's Service; set address: 0.0.0.0");
            }
        }
        if (document.info().label() != null) {
            warnings.add(root + "info.label is deprecated: use info.display");
        }
        for (Import imp : document.imports()) {
            if (imp.location() != null) {
                warnings.add(root + imp.field() + ".location is deprecated: use 'from'");
            }
        }
        return warnings;
    }

    private static void shapeOfList(JsonNode list, String field, boolean required, List<Violation> violations) {
        if (list.isMissingNode() || list.isNull()) {
            if (required) {
                violations.add(new Violation(field, "required: at least one expose (rest, mcp, skill or control)"));
            }
            return;
        }
        if (!list.isArray()) {
            violations.add(new Violation(field, "must be a list, found " + IkanosDocument.kind(list)));
            return;
        }
        if (required && list.isEmpty()) {
            violations.add(new Violation(field, "required: at least one expose (rest, mcp, skill or control)"));
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) {
                violations.add(new Violation(field + "[" + i + "]", "must be a mapping, found " + IkanosDocument.kind(list.get(i))));
            }
        }
    }

    private static void exposes(List<Expose> exposes, String root, List<Violation> violations) {
        Map<Integer, String> ports = new HashMap<>();
        Map<String, String> namespaces = new HashMap<>();
        String control = null;
        for (Expose expose : exposes) {
            String at = root + expose.field();
            if (expose.type() == null) {
                violations.add(new Violation(at + ".type", "required: one of " + TYPES));
            } else if (expose.knownType().isEmpty()) {
                violations.add(new Violation(at + ".type", "'" + expose.type() + "' is not one of " + TYPES));
            } else if (expose.isControl()) {
                if (control != null) {
                    violations.add(new Violation(at + ".type", "only one control expose is allowed; "
                            + control + " is one already"));
                } else {
                    control = expose.field();
                }
            }
            port(expose, at, ports, violations);
            if (expose.namespace() != null) {
                String first = namespaces.putIfAbsent(expose.namespace(), expose.field());
                if (first != null) {
                    violations.add(new Violation(at + ".namespace", "namespace '" + expose.namespace()
                            + "' is already used by " + first));
                }
            }
        }
    }

    private static void port(Expose expose, String at, Map<Integer, String> ports, List<Violation> violations) {
        JsonNode port = expose.port();
        if (port == null || port.isNull()) {
            if (expose.listens()) {
                violations.add(new Violation(at + ".port", "required: the port the "
                        + (expose.type() == null ? "expose" : expose.type()) + " adapter listens on (1-65535)"));
            }
            return;
        }
        if (expose.portNumber().isEmpty()) {
            violations.add(new Violation(at + ".port", "'" + port.asText() + "' is not a port number (1-65535)"));
            return;
        }
        int number = expose.portNumber().get();
        if (number < 1 || number > 65535) {
            violations.add(new Violation(at + ".port", number + " is outside 1-65535"));
            return;
        }
        String first = ports.putIfAbsent(number, expose.field());
        if (first != null) {
            violations.add(new Violation(at + ".port", "port " + number + " is already used by " + first));
        }
    }

    private static void imports(IkanosDocument document, String root, List<Violation> violations) {
        document.consumedNamespaces().forEach((namespace, fields) -> {
            for (int i = 1; i < fields.size(); i++) {
                violations.add(new Violation(root + fields.get(i), "namespace '" + namespace
                        + "' is already declared by " + fields.get(0)));
            }
        });
        Map<String, String> mounted = new HashMap<>();
        for (Import imp : document.imports()) {
            String at = root + imp.field();
            if (imp.name() == null || imp.name().isEmpty()) {
                violations.add(new Violation(at + ".import", "required: the import's namespace"));
            } else if (!DNS_LABEL.matcher(imp.name()).matches() || imp.name().length() > 40) {
                violations.add(new Violation(at + ".import", "'" + imp.name()
                        + "' must be a lowercase DNS label of at most 40 characters: it names ConfigMap {capability}-import-"
                        + imp.name()));
            }
            if (imp.source().isEmpty()) {
                violations.add(new Violation(at + ".from", "required: the file to import, relative to the document"));
                continue;
            }
            if (imp.relativePath().isEmpty()) {
                violations.add(new Violation(root + imp.sourceField(), "'" + imp.source().get()
                        + "' leaves the document's directory: imports must be relative paths below it"));
                continue;
            }
            String key = imp.fileName().orElseThrow();
            if (!CONFIG_MAP_KEY.matcher(key).matches()) {
                violations.add(new Violation(root + imp.sourceField(), "file name '" + key
                        + "' cannot be a ConfigMap key (letters, digits, '-', '_', '.')"));
            }
            String first = mounted.putIfAbsent(imp.relativePath().get(), imp.field());
            if (first != null) {
                violations.add(new Violation(root + imp.sourceField(), "'" + imp.source().get()
                        + "' is already imported by " + first));
            }
        }
    }

    /** What a bind file mounted at {@code path} would hide: the capability's spec, or the pod's service-account token. */
    static Optional<String> reservedPath(String path) {
        String normalized = path.replaceAll("/+", "/");
        if (normalized.equals(SPEC_FILE) || SPEC_FILE.startsWith(normalized + "/")) {
            return Optional.of("the capability's own spec file " + SPEC_FILE);
        }
        if (normalized.equals(SERVICE_ACCOUNT) || normalized.startsWith(SERVICE_ACCOUNT + "/")
                || SERVICE_ACCOUNT.startsWith(normalized + "/")) {
            return Optional.of("the service-account mount " + SERVICE_ACCOUNT);
        }
        return Optional.empty();
    }

    private static void binds(List<Bind> binds, String root, List<Violation> violations) {
        Map<String, String> files = new HashMap<>();
        Map<String, String> secretKeys = new HashMap<>();
        for (Bind bind : binds) {
            String at = root + bind.field();
            if (bind.location() == null) {
                violations.add(new Violation(at + ".location", "required: a file:// URI, e.g. file:///./shared/secrets.yaml"));
                continue;
            }
            if (bind.file().isEmpty()) {
                violations.add(new Violation(at + ".location", "'" + bind.location()
                        + "' is not a file:// URI naming a file (e.g. file:///./shared/secrets.yaml)"));
                continue;
            }
            BindFile file = bind.file().get();
            reservedPath(file.mountPath()).ifPresent(reserved -> violations.add(new Violation(at + ".location", "'"
                    + bind.location() + "' would be mounted at " + file.mountPath() + ", over " + reserved)));
            String volume = "bind-" + BindFile.dnsSafe(file.directoryName());
            if (volume.length() > MAX_LABEL) {
                violations.add(new Violation(at + ".location", "directory '" + file.directoryName() + "' would name volume "
                        + volume.substring(0, 20) + "… of " + volume.length() + " characters, over Kubernetes' 63; use a directory"
                        + " name of at most " + (MAX_LABEL - "bind-".length()) + " characters"));
            }
            String firstAtPath = files.putIfAbsent(file.mountPath(), bind.field());
            String secretKey = file.directoryName() + "/" + file.fileName();
            String firstWithKey = secretKeys.putIfAbsent(secretKey, bind.field());
            if (firstAtPath == null && firstWithKey != null) {
                violations.add(new Violation(at + ".location", "'" + bind.location() + "' would share Secret key "
                        + file.fileName() + " of directory '" + file.directoryName() + "' with " + firstWithKey
                        + ", which names another file"));
            }
        }
    }
}

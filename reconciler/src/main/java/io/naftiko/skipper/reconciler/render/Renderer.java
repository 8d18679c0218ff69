package io.naftiko.skipper.reconciler.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.AdmissionOutcome;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.admission.ResolvedDocument;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.api.validation.CapabilityClassRules;
import io.naftiko.skipper.reconciler.desired.CapabilityInputs;
import io.naftiko.skipper.reconciler.desired.ChildNames;
import io.naftiko.skipper.reconciler.desired.DesiredState;
import io.naftiko.skipper.reconciler.desired.InstalledApis;
import io.naftiko.skipper.reconciler.desired.RequiredInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Offline rendering: admits each capability (mutate, then validate) with the real admission rules
 * and computes its children with the reconciler's desired-state builders. Pure: files were read before.
 */
public final class Renderer {

    /** Suffix of the ConfigMap that holds a wrapped plain document. */
    public static final String SPEC_CONFIG_MAP_SUFFIX = "-spec";

    private final Map<String, CapabilityClass> classes;
    private final String defaultNamespace;
    private final OperatorSettings settings;

    /**
     * A renderer.
     *
     * @param classes          classes by name
     * @param defaultNamespace namespace of documents and of resources that name none
     * @param settings         operator settings (engine image, OpenTelemetry)
     */
    public Renderer(Map<String, CapabilityClass> classes, String defaultNamespace, OperatorSettings settings) {
        this.classes = classes;
        this.defaultNamespace = defaultNamespace;
        this.settings = settings;
    }

    /**
     * Renders every capability; any violation anywhere makes the whole result invalid.
     * The inputs' own classes must already be among the renderer's classes.
     */
    public RenderResult render(RenderInputs inputs) {
        List<String> violations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<RenderResult.Section> sections = new ArrayList<>();
        for (CapabilityClass cls : classes.values()) {
            CapabilityClassRules.validate(cls).forEach(v -> violations.add("CapabilityClass "
                    + cls.getMetadata().getName() + ": " + v));
        }
        if (!violations.isEmpty()) {
            // Admitting against a broken class would only add noise to the class's own violations.
            return new RenderResult(sections, violations, warnings);
        }
        for (RenderInputs.PlainDocument document : inputs.documents()) {
            Capability wrapped = wrap(document);
            ConfigMap source = specConfigMap(document);
            List<ConfigMap> importMaps = importConfigMaps(document);
            List<ConfigMap> available = new ArrayList<>(inputs.configMaps());
            available.add(source);
            available.addAll(importMaps);
            List<HasMetadata> given = new ArrayList<>();
            given.add(source);
            given.addAll(importMaps);
            // The user wrote a file, not a ConfigMap: name fields in that file.
            String configMapRoot = ResolvedDocument.configMapRoot(source.getMetadata().getName(), ChildNames.SPEC_KEY);
            List<String> found = new ArrayList<>();
            render(document.source(), wrapped, available, given, found, warnings).ifPresent(sections::add);
            for (String violation : found) {
                String message = violation.replace(configMapRoot, "");
                violations.add(message.contains("metadata.name") ? message + " (name it with --name)" : message);
            }
        }
        for (RenderInputs.CapabilityResource resource : inputs.capabilities()) {
            Capability capability = Mappers.json().convertValue(resource.capability(), Capability.class);
            if (capability.getMetadata().getNamespace() == null) {
                capability.getMetadata().setNamespace(defaultNamespace);
            }
            render(resource.source(), capability, inputs.configMaps(), List.of(), violations, warnings).ifPresent(sections::add);
        }
        return new RenderResult(sections, violations, warnings);
    }

    private Optional<RenderResult.Section> render(String source, Capability capability, List<ConfigMap> available,
                                                  List<HasMetadata> given, List<String> violations, List<String> warnings) {
        AdmissionContext context = new AdmissionContext(name -> Optional.ofNullable(classes.get(name)),
                (namespace, name) -> find(available, namespace, name).map(ConfigMap::getData),
                namespace -> Optional.empty(), settings);
        AdmissionOutcome outcome = CapabilityAdmission.admit(capability, context);
        String label = source + " (Capability " + capability.getMetadata().getNamespace() + "/"
                + capability.getMetadata().getName() + ")";
        outcome.warnings().forEach(w -> warnings.add(label + ": " + w));
        if (!outcome.allowed()) {
            outcome.validation().violations().forEach(v -> violations.add(source + ": " + v));
            return Optional.empty();
        }
        Capability admitted = outcome.admitted();
        IkanosDocument document = outcome.validation().document().orElseThrow().document();
        Map<String, String> importContents = new LinkedHashMap<>();
        for (Import imp : document.imports()) {
            String mapName = ChildNames.importConfigMap(admitted.getMetadata().getName(), imp.name());
            find(available, admitted.getMetadata().getNamespace(), mapName)
                    .map(cm -> cm.getData() == null ? null : cm.getData().get(imp.fileName().orElseThrow()))
                    .ifPresent(text -> importContents.put(imp.name(), text));
        }
        DesiredState state = DesiredState.of(new CapabilityInputs(admitted, document, settings, importContents, Map.of(), InstalledApis.all()));
        List<String> comments = new ArrayList<>();
        comments.add("Capability " + admitted.getMetadata().getNamespace() + "/" + admitted.getMetadata().getName()
                + " from " + source + ", tier " + outcome.resolved().className());
        for (RequiredInput required : state.required()) {
            boolean present = required.kind().equals("ConfigMap")
                    && find(available, admitted.getMetadata().getNamespace(), required.name()).isPresent();
            if (!present) {
                comments.add("needs " + required.kind() + " " + required.name() + " (keys: " + String.join(", ", required.keys())
                        + "; " + required.purpose() + "), not rendered: create it in the cluster");
            }
        }
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(admitted);
        objects.addAll(given);
        objects.addAll(state.children());
        return Optional.of(new RenderResult.Section(comments, objects));
    }

    /**
     * What a cluster needs for a plain document, as {@code apply} sends it: its spec ConfigMap, its imports'
     * ConfigMaps, then the specRef Capability (not admitted: the cluster's webhook admits it).
     */
    public List<HasMetadata> clusterInputs(RenderInputs.PlainDocument document) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(specConfigMap(document));
        objects.addAll(importConfigMaps(document));
        objects.add(wrap(document));
        return objects;
    }

    private ConfigMap specConfigMap(RenderInputs.PlainDocument document) {
        return new ConfigMapBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(document.name() + SPEC_CONFIG_MAP_SUFFIX)
                        .withNamespace(defaultNamespace).withLabels(Map.of(NaftikoLabels.CAPABILITY, document.name())).build())
                .withData(Map.of(ChildNames.SPEC_KEY, document.document().text()))
                .build();
    }

    private Capability wrap(RenderInputs.PlainDocument document) {
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(document.name()).withNamespace(defaultNamespace).build());
        CapabilitySpec spec = new CapabilitySpec();
        spec.setSpecRef(new SpecRef(document.name() + SPEC_CONFIG_MAP_SUFFIX, ChildNames.SPEC_KEY));
        capability.setSpec(spec);
        return capability;
    }

    private List<ConfigMap> importConfigMaps(RenderInputs.PlainDocument document) {
        List<ConfigMap> maps = new ArrayList<>();
        for (Import imp : document.document().imports()) {
            if (imp.name() == null || imp.relativePath().isEmpty()) {
                continue;
            }
            String text = document.imports().get(imp.relativePath().get());
            if (text != null) {
                maps.add(new ConfigMapBuilder()
                        .withMetadata(new ObjectMetaBuilder().withName(ChildNames.importConfigMap(document.name(), imp.name()))
                                .withNamespace(defaultNamespace).withLabels(Map.of(NaftikoLabels.CAPABILITY, document.name())).build())
                        .withData(Map.of(imp.fileName().orElseThrow(), text))
                        .build());
            }
        }
        return maps;
    }

    private Optional<ConfigMap> find(List<ConfigMap> maps, String namespace, String name) {
        return maps.stream()
                .filter(cm -> name.equals(cm.getMetadata().getName()))
                .filter(cm -> namespace.equals(Optional.ofNullable(cm.getMetadata().getNamespace()).orElse(defaultNamespace)))
                .findFirst();
    }
}

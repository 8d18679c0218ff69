package io.naftiko.skipper.api.admission;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.expansion.RuntimeExpansion;
import io.naftiko.skipper.api.ikanos.Info;
import io.naftiko.skipper.api.tier.ResolvedClass;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.tier.TierResolver;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilityClassSpec;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.validation.CapabilityRules;
import io.naftiko.skipper.api.validation.DocumentRules;
import io.naftiko.skipper.api.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admission of a Capability as pure functions: {@link #mutate} expands it, {@link #validate} judges
 * it. The webhook runs them on AdmissionReviews; {@code skipper render} runs both offline.
 */
public final class CapabilityAdmission {

    private CapabilityAdmission() {
    }

    /** Mutation then validation of the mutated object, as the API server would run them. */
    public static AdmissionOutcome admit(Capability capability, AdmissionContext context) {
        MutationResult mutation = mutate(capability, context);
        ValidationResult validation = validate(mutation.capability(), context);
        Set<String> warnings = new LinkedHashSet<>(mutation.warnings());
        warnings.addAll(validation.warnings());
        return new AdmissionOutcome(mutation.capability(), mutation.resolved(), validation, List.copyOf(warnings));
    }

    /**
     * Expands a Capability: class defaults into {@code spec.runtime} (only what is unset), the
     * OpenTelemetry environment, and the class-generation annotation. The input is not modified.
     */
    public static MutationResult mutate(Capability capability, AdmissionContext context) {
        // A shallow copy: the result shares the document's nodes and changes only runtime and annotations.
        ObjectMeta metadata = capability.getMetadata() == null ? new ObjectMeta() : new ObjectMetaBuilder(capability.getMetadata()).build();
        CapabilitySpec spec = capability.getSpec() == null ? new CapabilitySpec() : capability.getSpec();
        Capability copy = new Capability();
        copy.setMetadata(metadata);
        copy.setSpec(spec);
        copy.setStatus(capability.getStatus());
        ResolvedClass resolved = resolveClass(copy, context);
        CapabilityRuntime current = spec.getRuntime();
        Optional<CapabilityClassSpec> previous = Optional.ofNullable(current)
                .map(CapabilityRuntime::className)
                .filter(name -> !name.equals(resolved.className()))
                .flatMap(context.classes())
                .map(CapabilityClass::getSpec);
        copy.setSpec(spec.withRuntime(RuntimeExpansion.expand(current, metadata.getNamespace(), metadata.getName(), resolved,
                previous, context.settings())));
        Map<String, String> annotations = new LinkedHashMap<>();
        if (metadata.getAnnotations() != null) {
            annotations.putAll(metadata.getAnnotations());
        }
        annotations.put(NaftikoLabels.CLASS_GENERATION, resolved.generation());
        metadata.setAnnotations(annotations);
        return new MutationResult(copy, resolved, resolved.warning().map(List::of).orElse(List.of()));
    }

    /** Every violation of a (mutated) Capability, with warnings for deprecated forms. */
    public static ValidationResult validate(Capability capability, AdmissionContext context) {
        if (capability.getMetadata() == null) {
            return new ValidationResult(List.of(new Violation("metadata", "required")), List.of(), Optional.empty());
        }
        List<Violation> violations = new ArrayList<>(CapabilityRules.name(capability));
        List<String> warnings = new ArrayList<>();
        List<Violation> source = CapabilityRules.source(capability.getSpec());
        if (!source.isEmpty()) {
            violations.addAll(source);
            return new ValidationResult(violations, warnings, Optional.empty());
        }
        violations.addAll(CapabilityRules.runtime(capability.getSpec().getRuntime()));
        DocumentResolution resolution = DocumentResolver.resolve(capability, context.configMaps());
        violations.addAll(resolution.violations());
        if (resolution.document().isEmpty()) {
            return new ValidationResult(violations, warnings, Optional.empty());
        }
        ResolvedDocument resolved = resolution.document().get();
        violations.addAll(DocumentRules.validate(resolved.document(), resolved.root()));
        warnings.addAll(DocumentRules.warnings(resolved.document(), resolved.root()));
        ResolvedClass resolvedClass = TierResolver.resolve(capability.getMetadata().getLabels(),
                resolved.document().info(), context.classes(), ShippedClasses::standard);
        resolvedClass.warning().ifPresent(warnings::add);
        Optional<Map<String, String>> namespaceLabels = context.namespaceLabels().apply(capability.getMetadata().getNamespace());
        if (namespaceLabels.isEmpty() && resolvedClass.spec() != null && resolvedClass.spec().policy() != null
                && resolvedClass.spec().policy().namespaceSelector() != null) {
            warnings.add("the namespaceSelector of tier '" + resolvedClass.className()
                    + "' was not checked: the namespace's labels are not known here");
        }
        violations.addAll(CapabilityRules.tierPolicy(capability, resolved.document(), resolved.root(), resolvedClass,
                namespaceLabels));
        return new ValidationResult(violations, warnings, Optional.of(resolved));
    }

    private static ResolvedClass resolveClass(Capability capability, AdmissionContext context) {
        Info info = DocumentResolver.resolve(capability, context.configMaps()).document()
                .map(d -> d.document().info()).orElse(Info.empty());
        return TierResolver.resolve(capability.getMetadata().getLabels(), info, context.classes(), ShippedClasses::standard);
    }
}

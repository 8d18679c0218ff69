package io.naftiko.skipper.operator.bundles;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.bundler.BundleSnapshot;
import io.naftiko.skipper.bundler.DirectorySource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Policy bundles from ConfigMaps labelled {@code naftiko.io/bundle={bundle}}: each key ending in
 * {@code .rego}, and each {@code data.json}/{@code data.yaml}, becomes the file {@code {folder}/{key}},
 * where the folder is the {@code naftiko.io/bundle-path} annotation or the ConfigMap's name. Other keys are
 * not policy and are left out.
 */
public final class ConfigMapBundles {

    private ConfigMapBundles() {
    }

    /** One snapshot per bundle named by the ConfigMaps' labels. */
    public static List<BundleSnapshot> snapshots(List<ConfigMap> configMaps) {
        Map<String, List<ConfigMap>> byBundle = new TreeMap<>();
        for (ConfigMap configMap : configMaps) {
            Optional.ofNullable(configMap.getMetadata().getLabels()).map(labels -> labels.get(NaftikoLabels.BUNDLE))
                    .filter(name -> !name.isBlank())
                    .ifPresent(name -> byBundle.computeIfAbsent(name, n -> new ArrayList<>()).add(configMap));
        }
        List<BundleSnapshot> snapshots = new ArrayList<>();
        byBundle.forEach((name, sources) -> {
            Map<String, byte[]> files = new TreeMap<>();
            Instant changed = Instant.EPOCH;
            for (ConfigMap source : sources) {
                String folder = Optional.ofNullable(source.getMetadata().getAnnotations())
                        .map(annotations -> annotations.get(NaftikoLabels.BUNDLE_PATH))
                        .map(path -> path.replaceAll("^/+|/+$", ""))
                        .orElse(source.getMetadata().getName());
                Optional.ofNullable(source.getData()).orElse(Map.of()).forEach((key, text) -> {
                    if (isPolicy(key)) {
                        files.put(folder + "/" + key, text.getBytes(StandardCharsets.UTF_8));
                    }
                });
                Optional.ofNullable(source.getBinaryData()).orElse(Map.of()).forEach((key, base64) -> {
                    if (isPolicy(key)) {
                        files.put(folder + "/" + key, Base64.getDecoder().decode(base64));
                    }
                });
                Instant modified = lastChange(source);
                changed = modified.isAfter(changed) ? modified : changed;
            }
            snapshots.add(new BundleSnapshot(name, files, DirectorySource.roots(files), changed));
        });
        return snapshots;
    }

    private static boolean isPolicy(String key) {
        return key.endsWith(".rego") || key.equals("data.json") || key.equals("data.yaml") || key.equals("data.yml");
    }

    /**
     * When a ConfigMap last changed, as the API server recorded it: the newest managed-fields time, else its
     * creation. Every replica reads the same value, so they all sign the same bytes.
     */
    static Instant lastChange(ConfigMap configMap) {
        Stream<String> times = Stream.concat(
                Optional.ofNullable(configMap.getMetadata().getManagedFields()).orElse(List.of()).stream()
                        .map(ManagedFieldsEntry::getTime),
                Stream.of(configMap.getMetadata().getCreationTimestamp()));
        return times.filter(time -> time != null && !time.isBlank()).map(ConfigMapBundles::parse).flatMap(Optional::stream)
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static Optional<Instant> parse(String time) {
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

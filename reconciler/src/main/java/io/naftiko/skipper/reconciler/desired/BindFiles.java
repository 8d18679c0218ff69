package io.naftiko.skipper.reconciler.desired;

import io.naftiko.skipper.api.ikanos.Bind;
import io.naftiko.skipper.api.ikanos.BindFile;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bind files of a document, each once, and the Secrets that must hold them. */
final class BindFiles {

    private BindFiles() {
    }

    /** Each distinct bind file, in document order (binds sharing a location share the file). */
    static List<BindFile> of(IkanosDocument document) {
        Set<BindFile> files = new LinkedHashSet<>();
        for (Bind bind : document.binds()) {
            bind.file().ifPresent(files::add);
        }
        return new ArrayList<>(files);
    }

    /** Secret name to the file keys it must hold, with the variables each file must define. */
    static Map<String, Map<String, Set<String>>> secrets(String capability, IkanosDocument document) {
        Map<String, Map<String, Set<String>>> secrets = new LinkedHashMap<>();
        for (Bind bind : document.binds()) {
            bind.file().ifPresent(file -> secrets
                    .computeIfAbsent(ChildNames.bindSecret(capability, file.directoryName()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(file.fileName(), k -> new LinkedHashSet<>())
                    .addAll(bind.keys().values()));
        }
        return secrets;
    }
}

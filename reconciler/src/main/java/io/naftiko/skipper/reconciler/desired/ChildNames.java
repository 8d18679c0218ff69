package io.naftiko.skipper.reconciler.desired;

import io.naftiko.skipper.api.ikanos.BindFile;


/** Names of the objects a Capability owns or needs, as DESIGN.md §4 fixes them. */
public final class ChildNames {

    /** Key of the document in the spec ConfigMap. */
    public static final String SPEC_KEY = "capability.yaml";
    /** Where the engine reads its document. */
    public static final String SPEC_PATH = "/data/capability.yaml";
    /** The folder the document's imports are mounted under, as they sit next to the document. */
    public static final String DATA_DIR = "/data";
    /** Name of the engine container. */
    public static final String CONTAINER = "ikanos";

    private ChildNames() {
    }

    /** ConfigMap holding one import: {@code {name}-import-{import}}. */
    public static String importConfigMap(String capability, String importName) {
        return capability + "-import-" + importName;
    }

    /** Secret holding the bind files of one directory: {@code {name}-bind-{directory}}. */
    public static String bindSecret(String capability, String directory) {
        return capability + "-bind-" + BindFile.dnsSafe(directory);
    }
}

package io.naftiko.skipper.api.ikanos;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The adapters an ikanos engine can expose. */
public enum ExposeType {
    /** REST resources. */
    REST,
    /** Model Context Protocol tools. */
    MCP,
    /** Skill catalogue. */
    SKILL,
    /** Health, metrics and traces of the engine itself. */
    CONTROL;

    /** The name used in documents, port names and Service ports. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a document names, if it is one of ours. */
    public static Optional<ExposeType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}

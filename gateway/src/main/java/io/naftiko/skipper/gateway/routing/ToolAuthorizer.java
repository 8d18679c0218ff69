package io.naftiko.skipper.gateway.routing;

/** Decides per tool call; without a Warden configured, every authenticated client may call every offered tool. */
@FunctionalInterface
public interface ToolAuthorizer {

    /**
     * The input a Warden's policy gets, as {@code input}.
     *
     * @param tool       the tool's name on its capability
     * @param capability the capability's name
     * @param namespace  its namespace
     * @param subject    who asks
     */
    record Input(String tool, String capability, String namespace, String subject) {
    }

    /** The decision for one call. */
    Authorization authorize(Input input);

    /** No Warden: everything allowed. */
    static ToolAuthorizer allowAll() {
        return input -> new Authorization.Allowed("none");
    }
}

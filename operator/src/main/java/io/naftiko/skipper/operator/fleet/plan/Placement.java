package io.naftiko.skipper.operator.fleet.plan;

/**
 * One capability in one environment: where its Capability {@code capability} lives.
 *
 * @param environment the environment's name
 * @param namespace   the environment's namespace
 * @param capability  the fleet capability's name
 */
public record Placement(String environment, String namespace, String capability) {

    /** {@code environment/capability}, for messages. */
    @Override
    public String toString() {
        return environment + "/" + capability;
    }
}

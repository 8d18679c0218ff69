package io.naftiko.skipper.reconciler.desired;

import java.util.List;

/**
 * An object a Capability needs but Skipper does not make: an import ConfigMap or a bind Secret.
 *
 * @param kind    {@code ConfigMap} or {@code Secret}
 * @param name    its name, in the Capability's namespace
 * @param keys    keys it must hold
 * @param purpose what it is for, in words
 */
public record RequiredInput(String kind, String name, List<String> keys, String purpose) {
}

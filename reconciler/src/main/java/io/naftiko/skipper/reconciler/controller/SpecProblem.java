package io.naftiko.skipper.reconciler.controller;

/**
 * Why a Capability's document could not be resolved.
 *
 * @param reason  CamelCase reason, e.g. {@code SpecConfigMapNotFound}
 * @param message what is wrong, for humans
 */
public record SpecProblem(String reason, String message) {
}

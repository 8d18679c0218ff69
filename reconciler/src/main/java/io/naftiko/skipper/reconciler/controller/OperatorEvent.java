package io.naftiko.skipper.reconciler.controller;

/**
 * Something the certificate or bundle manager did, for Events and logs.
 *
 * @param object  what it concerns, e.g. {@code Secret skipper/skipper-ca}
 * @param reason  CamelCase reason (the rotation decision's, or {@code CaBundleRestored})
 * @param message what happened, for humans
 */
public record OperatorEvent(String object, String reason, String message) {
}

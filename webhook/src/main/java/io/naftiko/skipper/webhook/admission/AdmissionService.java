package io.naftiko.skipper.webhook.admission;

/** Answers one admission call: what the HTTPS server hands each request body to. */
@FunctionalInterface
public interface AdmissionService {

    /** The answer to a body sent to an endpoint; never throws. */
    AdmissionAnswer handle(AdmissionEndpoint endpoint, byte[] body);
}

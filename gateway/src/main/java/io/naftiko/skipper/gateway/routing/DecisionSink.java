package io.naftiko.skipper.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the gateway's decisions go (the audit store when it is configured; the log otherwise). */
@FunctionalInterface
public interface DecisionSink {

    /** Takes one decision; must not block for long (it runs on the call's thread). */
    void record(GatewayDecision decision);

    /** One INFO line per decision on logger {@code skipper.gateway.decisions}, with no arguments and no result. */
    static DecisionSink log() {
        Logger log = LoggerFactory.getLogger("skipper.gateway.decisions");
        return d -> log.info("decision {} subject={} capability={}/{} tool={} policy={} result={} millis={}{}", d.decisionId(),
                d.subject(), d.namespace(), d.capability(), d.tool(), d.policy(), d.result().label(), d.millis(),
                d.reason().isEmpty() ? "" : " reason=\"" + d.reason() + "\"");
    }
}

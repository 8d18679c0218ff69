package io.naftiko.skipper.reconciler.desired;

import io.naftiko.skipper.api.ikanos.Expose;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A listening expose with the port name it gets on the container and the Service.
 *
 * @param name   {@code rest}, {@code mcp}, {@code skill}, {@code control}; a second of one type gets {@code -2}
 * @param port   the port number
 * @param expose the expose it serves
 */
public record NamedPort(String name, int port, Expose expose) {

    /** Names the listening exposes of a document, in document order. */
    public static List<NamedPort> of(List<Expose> exposes) {
        List<NamedPort> ports = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Expose expose : exposes) {
            if (!expose.listens() || expose.portNumber().isEmpty() || expose.type() == null) {
                continue;
            }
            int count = seen.merge(expose.type(), 1, Integer::sum);
            ports.add(new NamedPort(count == 1 ? expose.type() : expose.type() + "-" + count,
                    expose.portNumber().get(), expose));
        }
        return ports;
    }
}

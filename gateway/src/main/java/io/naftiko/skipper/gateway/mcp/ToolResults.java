package io.naftiko.skipper.gateway.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code tools/call} results the gateway writes itself. */
public final class ToolResults {

    private ToolResults() {
    }

    /** A tool error: {@code {content: [{type: text, text}], isError: true}}, which the model sees and can act on. */
    public static ObjectNode error(String text, ProtocolEra era) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", true);
        return complete(result, era);
    }

    /** Marks a result as complete, as 2026-07-28 results must say ({@code resultType}); 2025 results are left alone. */
    public static ObjectNode complete(ObjectNode result, ProtocolEra era) {
        if (era == ProtocolEra.MODERN && !result.has("resultType")) {
            result.put("resultType", "complete");
        }
        return result;
    }
}

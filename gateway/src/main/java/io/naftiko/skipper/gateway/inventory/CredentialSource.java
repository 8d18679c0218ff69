package io.naftiko.skipper.gateway.inventory;

import io.naftiko.skipper.api.ikanos.Bind;
import io.naftiko.skipper.api.ikanos.BindFile;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.reconciler.desired.ChildNames;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the gateway finds the bearer token a capability's MCP expose demands
 * ({@code authentication: {type: bearer, token: "{{VAR}}"}}): the bind variable's key in the file of the bind
 * Secret the reconciler mounts, or a token written in the document itself. Never the token's value.
 */
public sealed interface CredentialSource {

    /** The expose asks for no authentication. */
    record None() implements CredentialSource {
    }

    /** The token is written in the document (no bind variable): it is no secret of Skipper's to keep. */
    record Literal(String token) implements CredentialSource {
        @Override
        public String toString() {
            return "Literal[token=<redacted>]";
        }
    }

    /**
     * The token is a bind variable's value.
     *
     * @param secretName the bind Secret ({@code {capability}-bind-{directory}})
     * @param fileKey    the Secret's key holding the bind file
     * @param key        the key in that YAML file
     */
    record BindValue(String secretName, String fileKey, String key) implements CredentialSource {
    }

    /** The expose asks for something the gateway cannot present; the capability's tools are withheld. */
    record Unsupported(String reason) implements CredentialSource {
    }

    /** The source of the first MCP expose's credentials. */
    static CredentialSource of(String capability, IkanosDocument document) {
        for (var expose : document.at("capability", "exposes")) {
            if (!"mcp".equals(expose.path("type").asText())) {
                continue;
            }
            var authentication = expose.path("authentication");
            if (authentication.isMissingNode() || authentication.isNull()) {
                return new None();
            }
            String type = authentication.path("type").asText("");
            if (!"bearer".equals(type)) {
                return new Unsupported("the MCP expose asks for " + (type.isEmpty() ? "an untyped" : type)
                        + " authentication; the gateway presents bearer tokens only");
            }
            return fromTemplate(capability, document, authentication.path("token").asText(""));
        }
        return new None();
    }

    private static CredentialSource fromTemplate(String capability, IkanosDocument document, String token) {
        Matcher variable = Pattern.compile("^\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}$").matcher(token.trim());
        if (!variable.matches()) {
            return token.contains("{{") ? new Unsupported("the MCP token mixes text and variables")
                    : token.isEmpty() ? new Unsupported("the MCP expose's bearer authentication has no token")
                    : new Literal(token);
        }
        String name = variable.group(1);
        for (Bind bind : document.binds()) {
            String key = bind.keys().get(name);
            Optional<BindFile> file = bind.file();
            if (key != null && file.isPresent()) {
                return new BindValue(ChildNames.bindSecret(capability, file.get().directoryName()), file.get().fileName(), key);
            }
        }
        return new Unsupported("the MCP token's variable " + name + " is not in any bind with a file location");
    }
}

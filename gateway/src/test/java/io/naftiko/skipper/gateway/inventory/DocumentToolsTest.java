package io.naftiko.skipper.gateway.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the gateway reads from a capability document: its tools, their schemas, where to reach it, how to authenticate. */
class DocumentToolsTest {

    private static IkanosDocument read(String path) throws Exception {
        return IkanosDocument.parse(Files.readString(Path.of(path)));
    }

    @Test
    void theTutorialsStepElevenDocumentDeclaresSixToolsWithTheirParameters() throws Exception {
        List<ToolDefinition> tools = DocumentTools.of(read("../deploy/samples/shipyard-fleet/shipyard-fleet.yml"));

        assertThat(tools).extracting(ToolDefinition::name).containsExactly("list-ships", "get-ship", "list-legacy-vessels",
                "create-voyage", "get-ship-with-crew", "get-voyage-manifest");
        assertThat(tools.get(1).inputSchema().toString()).isEqualTo("{\"type\":\"object\",\"properties\":{\"imo\":{\"type\":\"string\","
                + "\"description\":\"IMO number of the ship\"}},\"required\":[\"imo\"]}");
        assertThat(tools.get(0).inputSchema().has("required")).isFalse();
    }

    @Test
    void theBearerTokenComesFromTheBindSecretTheReconcilerMounts() throws Exception {
        CredentialSource source = CredentialSource.of("shipyard-fleet", read("../deploy/samples/shipyard-fleet/shipyard-fleet.yml"));

        assertThat(source).isEqualTo(new CredentialSource.BindValue("shipyard-fleet-bind-shared", "secrets.yaml", "mcp-server-token"));
    }

    @Test
    void credentialsTheGatewayCannotPresentAreNamed() throws Exception {
        String base = "capability:\n  exposes:\n  - type: mcp\n    address: 0.0.0.0\n    port: 3001\n    authentication:\n";
        assertThat(CredentialSource.of("c", IkanosDocument.parse(base + "      type: apikey\n")))
                .isEqualTo(new CredentialSource.Unsupported("the MCP expose asks for apikey authentication; the gateway presents bearer tokens only"));
        assertThat(CredentialSource.of("c", IkanosDocument.parse(base + "      type: bearer\n      token: \"{{NOWHERE}}\"\n")))
                .isEqualTo(new CredentialSource.Unsupported("the MCP token's variable NOWHERE is not in any bind with a file location"));
        assertThat(CredentialSource.of("c", IkanosDocument.parse(base + "      type: bearer\n      token: \"Bearer {{X}}\"\n")))
                .isEqualTo(new CredentialSource.Unsupported("the MCP token mixes text and variables"));
        assertThat(CredentialSource.of("c", IkanosDocument.parse(base + "      type: bearer\n      token: plain-text-token\n")).toString())
                .isEqualTo("Literal[token=<redacted>]");
    }

    @Test
    void anExposeWithoutAddressIsNotReachableThroughItsService() throws Exception {
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withNamespace("shipyard").withName("mock").build());
        capability.setStatus(new CapabilityStatus(null, null, null, null, 1L, List.of(new ConditionBuilder().withType("Ready")
                .withStatus("True").withReason("Available").withMessage("ok").build()), null));

        CapabilityTarget target = Targets.of(capability, read("../deploy/samples/shipyard-mock/shipyard-mock.yml"));

        assertThat(target.health().state()).isEqualTo(Health.State.NO_ENDPOINT);
        assertThat(target.health().reason()).isEqualTo("its MCP expose has no address, so the engine listens on localhost only"
                + " (set address: 0.0.0.0)");
        assertThat(target.endpoint()).hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("http://mock.shipyard.svc.cluster.local:3001/mcp"));
    }
}

package io.naftiko.skipper.gateway.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real ikanos document of the engine's authors, read as the gateway reads it: its MCP tools with their input
 * schemas (golden JSON), names MCP accepts, and the whole corpus as one gateway's scope, named without clashes.
 */
class RealDocumentToolsTest {

    /** What MCP allows in a tool's name. */
    private static final Pattern TOOL_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,128}$");

    static List<Path> documents() {
        return Fixtures.ikanosCapabilities();
    }

    private static String caseName(Path file) {
        return file.getFileName().toString().replaceAll("\\.(ikanos\\.)?ya?ml$", "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void aDocumentsToolsAndTheirSchemas(Path file) throws Exception {
        List<ToolDefinition> tools = DocumentTools.of(IkanosDocument.parse(Fixtures.read(file)));

        ArrayNode listed = JsonNodeFactory.instance.arrayNode();
        for (ToolDefinition tool : tools) {
            assertThat(tool.name()).matches(TOOL_NAME);
            assertThat(tool.inputSchema().path("type").asText()).isEqualTo("object");
            tool.inputSchema().path("required").forEach(r -> assertThat(tool.inputSchema().path("properties").has(r.asText())).isTrue());
            listed.addObject().put("name", tool.name()).put("description", tool.description()).set("inputSchema", tool.inputSchema());
        }
        Golden.assertMatches(Path.of("src/test/resources/golden/RealDocumentToolsTest." + caseName(file) + ".json"),
                Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(listed) + "\n");
    }

    @Test
    void theWholeCorpusInOneScopeIsNamedWithoutClashes() throws Exception {
        List<CapabilityTarget> targets = new ArrayList<>();
        for (Path file : documents()) {
            targets.add(new CapabilityTarget("tutorial", caseName(file), "", Optional.empty(), Optional.empty(), Health.ready(),
                    new CredentialSource.None(), DocumentTools.of(IkanosDocument.parse(Fixtures.read(file))), false));
        }
        Inventory inventory = Inventory.of(targets);

        List<String> names = inventory.all().stream().map(InventoryTool::exposedName).toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> TOOL_NAME.matcher(n).matches());
        assertThat(names).hasSize(targets.stream().mapToInt(t -> t.tools().size()).sum());
        Golden.assertMatches(Path.of("src/test/resources/golden/RealDocumentToolsTest.corpus-inventory.txt"), inventory.all().stream()
                .map(t -> t.exposedName() + " <- " + t.target().name() + "/" + t.tool().name()).collect(Collectors.joining("\n")) + "\n");
    }
}

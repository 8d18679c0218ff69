package io.naftiko.skipper.gateway.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How tools are named at the gateway: unique names kept, clashes prefixed, always the same way. */
class InventoryTest {

    /** {@code "ns/capability:tool,tool[:down]"}. */
    private static CapabilityTarget target(String spec) {
        String[] parts = spec.split(":");
        String[] key = parts[0].split("/");
        List<ToolDefinition> tools = Arrays.stream(parts[1].split(","))
                .map(t -> new ToolDefinition(t, "", DocumentTools.emptySchema())).toList();
        Health health = parts.length > 2 ? Health.of(Health.State.NOT_READY, "down") : Health.ready();
        return new CapabilityTarget(key[0], key[1], "", Optional.empty(), Optional.empty(), health, new CredentialSource.None(), tools,
                false);
    }

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of("unique names are kept", List.of("a/ships:list-ships", "a/voyages:plan-voyage"),
                        List.of("list-ships", "plan-voyage"), List.of("list-ships", "plan-voyage")),
                Arguments.of("a clash is prefixed with the capability's name", List.of("a/ships:get-ship,list-ships", "a/legacy:get-ship"),
                        List.of("legacy__get-ship", "list-ships", "ships__get-ship"), List.of("legacy__get-ship", "list-ships", "ships__get-ship")),
                Arguments.of("the same capability in two namespaces is prefixed with the namespace too",
                        List.of("staging/ships:get-ship", "prod/ships:get-ship"),
                        List.of("prod__ships__get-ship", "staging__ships__get-ship"), List.of("prod__ships__get-ship", "staging__ships__get-ship")),
                Arguments.of("a capability that is down keeps everyone's names and has its tools withheld",
                        List.of("a/ships:get-ship", "a/legacy:get-ship:down"),
                        List.of("legacy__get-ship", "ships__get-ship"), List.of("ships__get-ship")),
                Arguments.of("the order capabilities arrive in changes nothing", List.of("a/legacy:get-ship", "a/ships:get-ship,list-ships"),
                        List.of("legacy__get-ship", "list-ships", "ships__get-ship"), List.of("legacy__get-ship", "list-ships", "ships__get-ship")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scopes")
    void toolsAreNamedWithoutClashes(String description, List<String> targets, List<String> all, List<String> offered) {
        Inventory inventory = Inventory.of(targets.stream().map(InventoryTest::target).toList());

        assertThat(inventory.all()).extracting(InventoryTool::exposedName).containsExactlyElementsOf(all);
        assertThat(inventory.offered()).extracting(InventoryTool::exposedName).containsExactlyElementsOf(offered);
        inventory.all().forEach(t -> assertThat(inventory.find(t.exposedName())).contains(t));
    }
}

package io.naftiko.skipper.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random mutations of valid reviews (fixed seed, so a failure reproduces): the handler
 * always answers with a well-formed response, never throws, and never falls back to an internal error.
 */
class FuzzTest {

    private static final int ROUNDS = Integer.getInteger("skipper.fuzz.rounds", 4000);
    private final AdmissionReviewHandler handler = new AdmissionReviewHandler(Reviews::clusterOfTheRealRequests);

    @Test
    void randomMutationsOfValidReviewsAlwaysGetAWellFormedAnswer() throws Exception {
        List<JsonNode> seeds = new ArrayList<>();
        for (Path file : Fixtures.filesIn(Fixtures.shared().resolve("admission/real-apiserver"), ".json")) {
            seeds.add(Mappers.json().readTree(Files.readAllBytes(file)));
        }
        for (Path document : Fixtures.ikanosCapabilities()) {
            seeds.add(Reviews.review("CREATE", Reviews.inlineCapability("fuzz", "shop", Fixtures.read(document)), null));
        }
        Random random = new Random(Long.getLong("skipper.fuzz.seed", 20261122L));
        Map<AdmissionOutcome, Integer> outcomes = new EnumMap<>(AdmissionOutcome.class);
        for (int round = 0; round < ROUNDS; round++) {
            JsonNode seed = seeds.get(random.nextInt(seeds.size())).deepCopy();
            byte[] body = random.nextInt(10) == 0 ? corruptBytes(Mappers.json().writeValueAsBytes(seed), random)
                    : Mappers.json().writeValueAsBytes(mutate(seed, random, 1 + random.nextInt(4)));
            AdmissionEndpoint endpoint = random.nextBoolean() ? AdmissionEndpoint.MUTATE : AdmissionEndpoint.VALIDATE;

            AdmissionAnswer answer = handler.handle(endpoint, body);

            outcomes.merge(answer.outcome(), 1, Integer::sum);
            assertThat(answer.outcome()).as("round %d: %s", round, answer.body()).isNotEqualTo(AdmissionOutcome.ERROR);
            if (answer.httpStatus() == 400) {
                assertThat(answer.body().path("message").asText()).isNotBlank();
            } else {
                assertThat(answer.httpStatus()).isEqualTo(200);
                JsonNode response = answer.body().path("response");
                assertThat(response.path("uid").asText()).isEqualTo(Mappers.json().readTree(body).at("/request/uid").asText());
                assertThat(response.path("allowed").isBoolean()).isTrue();
                if (!response.path("allowed").asBoolean()) {
                    assertThat(response.at("/status/message").asText()).isNotBlank();
                }
                if (response.has("patch")) {
                    assertThat(Reviews.patch(answer).isArray()).isTrue();
                }
            }
        }
        assertThat(outcomes).containsKeys(AdmissionOutcome.ALLOWED, AdmissionOutcome.DENIED, AdmissionOutcome.BAD_REQUEST);
    }

    private static JsonNode mutate(JsonNode root, Random random, int times) {
        JsonNode current = root;
        for (int i = 0; i < times; i++) {
            List<ContainerNode<?>> containers = new ArrayList<>();
            collect(current, containers);
            ContainerNode<?> target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(3) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, randomValue(random));
                }
            } else if (target instanceof ArrayNode array && !array.isEmpty()) {
                int index = random.nextInt(array.size());
                if (random.nextBoolean()) {
                    array.remove(index);
                } else {
                    array.set(index, randomValue(random));
                }
            }
        }
        return current;
    }

    private static void collect(JsonNode node, List<ContainerNode<?>> containers) {
        if (node instanceof ContainerNode<?> container) {
            containers.add(container);
            node.forEach(child -> collect(child, containers));
        }
    }

    private static JsonNode randomValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(9)) {
            case 0 -> f.nullNode();
            case 1 -> f.textNode("");
            case 2 -> f.textNode("x".repeat(random.nextInt(300)) + "\u2028<&>");
            case 3 -> f.numberNode(random.nextLong());
            case 4 -> f.numberNode(random.nextDouble() * 1e12);
            case 5 -> f.booleanNode(random.nextBoolean());
            case 6 -> f.arrayNode().add(random.nextInt()).add("a");
            case 7 -> f.objectNode().put("unexpected", random.nextInt());
            default -> f.textNode("-1");
        };
    }

    private static byte[] corruptBytes(byte[] body, Random random) {
        byte[] copy = Arrays.copyOf(body, random.nextBoolean() ? body.length : random.nextInt(body.length));
        for (int i = 0; i < 1 + random.nextInt(5) && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}

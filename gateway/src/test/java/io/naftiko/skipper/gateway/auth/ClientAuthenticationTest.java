package io.naftiko.skipper.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who a client is: tokens from a mounted Secret, and Kubernetes tokens through a TokenReview. */
class ClientAuthenticationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aMountedSecretsKeysAreSubjectsAndARotatedTokenTakesEffectWithoutARestart(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("alice"), "alice-token-000000000001\n");
        Files.writeString(folder.resolve("planner"), "planner-token-0000000002");
        Files.createDirectory(folder.resolve("..2026_12_03_12_00_00.000000001"));
        StaticTokens tokens = StaticTokens.fromFolder(folder);

        assertThat(tokens.subject("alice-token-000000000001")).contains("alice");
        assertThat(tokens.subject("planner-token-0000000002")).contains("planner");
        assertThat(tokens.subject("alice-token-00000000000")).isEmpty();
        assertThat(tokens.size()).isEqualTo(2);

        Files.writeString(folder.resolve("alice"), "alice-token-rotated-000003");
        Files.setLastModifiedTime(folder.resolve("alice"), FileTime.from(Instant.parse("2026-12-03T12:05:00Z")));
        assertThat(tokens.subject("alice-token-000000000001")).isEmpty();
        assertThat(tokens.subject("alice-token-rotated-000003")).contains("alice");
    }

    @Test
    void aGuessableTokenOrAMissingFolderIsRefusedWhenLoaded(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("bob"), "short");

        assertThatThrownBy(() -> StaticTokens.fromFolder(folder)).hasMessage("client tokens: the token of bob has fewer than 16 characters");
        assertThatThrownBy(() -> StaticTokens.fromFolder(folder.resolve("absent")))
                .hasMessageEndingWith("absent is not a folder (mount the Secret there)");
    }

    @Test
    void onlyBearerTokensAreRead() {
        assertThat(ClientAuthenticator.bearer("Bearer abc")).contains("abc");
        assertThat(ClientAuthenticator.bearer("bearer  abc ")).contains("abc");
        assertThat(ClientAuthenticator.bearer("Basic YWxpY2U6c2VjcmV0")).isEmpty();
        assertThat(ClientAuthenticator.bearer("Bearer ")).isEmpty();
        assertThat(ClientAuthenticator.bearer(null)).isEmpty();
    }

    @Test
    void aKubernetesTokenIsReviewedOnceAMinuteAndTheSubjectIsTheUserTheApiServerNames() throws Exception {
        try (InMemoryApiServer server = InMemoryApiServer.start(CLOCK); KubernetesClient client = server.client()) {
            server.respond("POST", "/apis/authentication.k8s.io/v1/tokenreviews", 201, "{\"apiVersion\":\"authentication.k8s.io/v1\","
                    + "\"kind\":\"TokenReview\",\"status\":{\"authenticated\":true,\"user\":{\"username\":"
                    + "\"system:serviceaccount:planning:planner\"}}}");
            TokenReviews reviews = new TokenReviews(client, List.of("skipper-gateway"), CLOCK, Duration.ofMinutes(1));
            server.takeRequests();

            assertThat(reviews.subject("eyJhbGciOi.projected.token")).contains("system:serviceaccount:planning:planner");
            assertThat(reviews.subject("eyJhbGciOi.projected.token")).contains("system:serviceaccount:planning:planner");
            assertThat(server.takeRequests()).extracting(InMemoryApiServer.Request::method).containsExactly("POST");

            ClientAuthenticator chain = ClientAuthenticator.firstOf(List.of(StaticTokens.of(Map.of("alice", "alice-token-000000000001")),
                    reviews));
            assertThat(chain.subject("alice-token-000000000001")).contains("alice");
        }
    }

    @Test
    void aTokenTheApiServerDoesNotAuthenticateIsNoSubject() throws Exception {
        try (InMemoryApiServer server = InMemoryApiServer.start(CLOCK); KubernetesClient client = server.client()) {
            server.respond("POST", "/apis/authentication.k8s.io/v1/tokenreviews", 201, "{\"apiVersion\":\"authentication.k8s.io/v1\","
                    + "\"kind\":\"TokenReview\",\"status\":{\"authenticated\":false,\"error\":\"token has expired\"}}");

            assertThat(new TokenReviews(client, List.of(), CLOCK, Duration.ofMinutes(1)).subject("expired.token")).isEmpty();
        }
    }
}

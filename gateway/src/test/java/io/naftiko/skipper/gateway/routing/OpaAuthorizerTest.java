package io.naftiko.skipper.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A Warden's answers to OPA's data API, read as decisions; anything but a clear allow refuses the call. */
class OpaAuthorizerTest {

    private Javalin warden;
    private volatile int status;
    private volatile String answer;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        warden = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/v1/data/naftiko/gateway/allow", ctx -> {
                asked.add(ctx.body());
                ctx.status(status).contentType("application/json").result(answer);
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        warden.stop();
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(200, "{\"result\": true}", new Authorization.Allowed(OpaAuthorizer.POLICY)),
                Arguments.of(200, "{\"result\": false}", new Authorization.Denied(OpaAuthorizer.POLICY, "")),
                Arguments.of(200, "{\"result\": {\"allow\": false, \"reason\": \"voyages need approval\"}}",
                        new Authorization.Denied(OpaAuthorizer.POLICY, "voyages need approval")),
                Arguments.of(200, "{\"result\": {\"allow\": true}}", new Authorization.Allowed(OpaAuthorizer.POLICY)),
                Arguments.of(200, "{}", new Authorization.Denied(OpaAuthorizer.POLICY, "the policy is undefined for this input")),
                Arguments.of(200, "{\"result\": \"yes\"}", new Authorization.Denied(OpaAuthorizer.POLICY,
                        "the policy's result is neither a boolean nor {allow, reason}")),
                Arguments.of(500, "{\"code\": \"internal_error\"}", new Authorization.Unavailable(OpaAuthorizer.POLICY,
                        "the Warden answered HTTP 500")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("answers")
    void everyAnswerIsADecision(int code, String body, Authorization expected) {
        status = code;
        answer = body;

        Authorization decision = new OpaAuthorizer(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + warden.port()),
                Duration.ofSeconds(5)).authorize(new ToolAuthorizer.Input("create-voyage", "shipyard-fleet", "shipyard", "alice"));

        assertThat(decision).isEqualTo(expected);
        assertThat(asked).singleElement().asString().contains("\"input\":{\"tool\":\"create-voyage\",\"capability\":\"shipyard-fleet\","
                + "\"namespace\":\"shipyard\",\"subject\":\"alice\"}");
    }

    @Test
    void aWardenThatIsDownRefusesTheCall() {
        int port = warden.port();
        warden.stop();

        Authorization decision = new OpaAuthorizer(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2))
                .authorize(new ToolAuthorizer.Input("list-ships", "shipyard-fleet", "shipyard", "alice"));

        assertThat(decision).isInstanceOf(Authorization.Unavailable.class);
        assertThat(((Authorization.Unavailable) decision).reason()).startsWith("the Warden at 127.0.0.1:" + port + " did not answer");
    }
}

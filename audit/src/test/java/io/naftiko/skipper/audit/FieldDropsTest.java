package io.naftiko.skipper.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fields dropped by JSON pointer before storage, with wildcards, and the configurations refused. */
class FieldDropsTest {

    @Test
    void wildcardsReachEveryMemberAndElement() throws Exception {
        ObjectNode event = (ObjectNode) Mappers.json().readTree("{\"input\": {\"users\": [{\"name\": \"a\", \"password\": \"p1\"},"
                + " {\"name\": \"b\", \"password\": \"p2\"}], \"headers\": {\"x-token\": \"t\", \"cookie\": \"c\"}, \"a/b\": 1}}");

        FieldDrops.of(List.of("/input/users/*/password", "/input/headers/*", "/input/a~1b", "/input/absent")).apply(event);

        assertThat(event.path("input").toString()).isEqualTo("{\"users\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"headers\":{}}");
        assertThat(event.path("erased")).extracting(node -> node.asText()).containsExactlyInAnyOrder("/input/users/0/password",
                "/input/users/1/password", "/input/headers/x-token", "/input/headers/cookie", "/input/a~1b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "input/password | field to drop input/password: a JSON pointer such as /input/password",
        "/ | field to drop /: a JSON pointer such as /input/password",
        "/input//x | field to drop /input//x: an empty segment",
        "/decision_id | field to drop /decision_id: only fields under",
        "/timestamp | field to drop /timestamp: only fields under"})
    void aPointerThatIsNotOneOrReachesWhatTheAuditNeedsIsRefused(String pointer, String message) {
        assertThatThrownBy(() -> FieldDrops.of(List.of(pointer))).isInstanceOf(AuditInputException.class).hasMessageStartingWith(message);
    }
}

package io.naftiko.skipper.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query parameters as people write them, their time zones, and every one that cannot be read. */
class DecisionQueryTest {

    static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "90s, 2026-12-03T05:58:30Z",
        "15m, 2026-12-03T05:45:00Z",
        "1h30m, 2026-12-03T04:30:00Z",
        "7d, 2026-11-26T06:00:00Z",
        "2026-12-02T23:00:00+01:00, 2026-12-02T22:00:00Z",
        "2026-12-02T17:00:00-05:00, 2026-12-02T22:00:00Z",
        "2026-12-02T22:00:00.250Z, 2026-12-02T22:00:00.250Z"})
    void aBoundIsADurationBackFromNowOrAnInstantWithItsOffset(String text, String instant) throws Exception {
        assertThat(TimeBound.parse("since", text, NOW)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-12-02T22:00:00 | since: 2026-12-02T22:00:00 has no time zone; add one, as in 2026-12-02T22:00:00Z or +01:00",
        "2026-12-02 | since: 2026-12-02 has no time zone; add one, as in 2026-12-02T00:00:00Z or +01:00",
        "yesterday | since: yesterday is neither a duration (90s, 15m, 1h, 7d) nor an RFC 3339 time (2026-12-02T21:00:00Z)",
        "1w | since: 1w is neither a duration"})
    void aBoundThatCannotBeReadIsRefusedWithAnExample(String text, String message) {
        assertThatThrownBy(() -> TimeBound.parse("since", text, NOW)).isInstanceOf(AuditInputException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "result=maybe | result: maybe is not one of allow, deny, error, undefined, value",
        "limit=0 | limit: 0 is not a number from 1 to 500",
        "limit=many | limit: many is not a number from 1 to 500",
        "limit=501 | limit: 501 is not a number from 1 to 500",
        "cursor=not-ours | cursor: not a cursor this server handed out",
        "since=1h&until=2h | since (2026-12-03T05:00:00Z) must be before until (2026-12-03T04:00:00Z)",
        "warden=a&warden=b | warden is given 2 times; give it once",
        "colour=red | unknown parameter colour; known: capability, cursor, limit, path, result, since, until, warden"})
    void aParameterThatCannotBeReadIsNamed(String query, String message) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
        assertThatThrownBy(() -> DecisionQuery.fromParameters(parameters, NOW)).isInstanceOf(AuditInputException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aCursorSurvivesItsRoundTrip() throws Exception {
        Cursor cursor = new Cursor(Instant.parse("2026-12-02T22:14:03.123456Z"), 42);

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }
}

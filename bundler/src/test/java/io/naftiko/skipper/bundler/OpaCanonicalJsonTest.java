package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical form OPA hashes data in, case by case. */
class OpaCanonicalJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "keys sorted, no whitespace        | { \"b\" : 1 , \"a\" : [ 2 , 1 ] }        | {\"a\":[2,1],\"b\":1}",
        "keys sorted by UTF-8 bytes        | {\"é\":1,\"z\":2,\"Z\":3}                 | {\"Z\":3,\"z\":2,\"é\":1}",
        "non-ASCII kept as is              | \"Zoë héllo\"                              | \"Zoë héllo\"",
        "no HTML escaping                  | \"<b>&amp;</b>\"                           | \"<b>&amp;</b>\"",
        "line and paragraph separators     | \"a\\u2028b\\u2029c\"                      | \"a\\u2028b\\u2029c\"",
        "escaped slash unescaped           | \"line\\/sep\"                             | \"line/sep\"",
        "control characters                | \"a\\tb\\u0001c\\u001f\"                   | \"a\\tb\\u0001c\\u001f\"",
        "unicode escapes decoded           | \"\\ud83d\\ude80 \\u00e9\"                 | \"🚀 é\"",
        "numbers exactly as written        | [1.0, 1e3, 12345678901234567890, -0.5, 3.14159265358979323846] | [1.0,1e3,12345678901234567890,-0.5,3.14159265358979323846]",
        "literals                          | [true,false,null]                          | [true,false,null]",
        "deep nesting                      | {\"a\":{\"b\":{\"c\":{\"d\":[{\"f\":1,\"e\":2}]}}}} | {\"a\":{\"b\":{\"c\":{\"d\":[{\"e\":2,\"f\":1}]}}}}",
        "a repeated key keeps its last     | {\"a\":1,\"a\":2}                          | {\"a\":2}",
    })
    void json(String what, String input, String canonical) throws Exception {
        assertThat(new String(OpaCanonicalJson.ofJson(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a mapping and a list              | `b: 2\na:\n  - x\n  - \"ü\"\n`  | {\"a\":[\"x\",\"ü\"],\"b\":2}",
        "floats as Go prints them          | `[1.50, 1e3, 0.0000001, 2.5e21]`  | [1.5,1000,1e-07,2.5e+21]",
        "booleans and null                 | `{t: true, n: null}`              | {\"n\":null,\"t\":true}",
    })
    void yaml(String what, String input, String canonical) throws Exception {
        assertThat(new String(OpaCanonicalJson.ofYaml(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo(canonical);
    }
}

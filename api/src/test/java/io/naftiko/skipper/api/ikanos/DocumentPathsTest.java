package io.naftiko.skipper.api.ikanos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
        "./shared/x.yml,          shared/x.yml",
        "shared/x.yml,            shared/x.yml",
        "shared//./x.yml,         shared/x.yml",
        "shared/sub/../x.yml,     shared/x.yml",
        "../x.yml,                -",
        "shared/../../x.yml,      -",
        "/etc/passwd,             -",
        "'shared\\x.yml',         -",
        "'.',                     -",
        "'',                      -",
    })
    void relativePathsStayBelowTheirDirectory(String path, String normalized) {
        assertThat(DocumentPaths.normalizeRelative(path)).isEqualTo(Optional.ofNullable(normalized));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // location, mount path, Secret directory, key
        "file:///./shared/secrets.yaml,   /app/shared/secrets.yaml,  shared, secrets.yaml",
        "file:///./config/db.yaml,        /app/config/db.yaml,       config, db.yaml",
        "file:///./secrets.yaml,          /app/secrets.yaml,         app,    secrets.yaml",
        "file:///etc/naftiko/db.yaml,     /etc/naftiko/db.yaml,      naftiko, db.yaml",
        "file:///db.yaml,                 /db.yaml,                  root,   db.yaml",
        "file:///./a/../shared/s.yaml,    /app/shared/s.yaml,        shared, s.yaml",
        "file:///./../etc/passwd,         -,                         -,      -",
        "file://vault/secrets.yaml,       -,                         -,      -",
        "https://example.com/s.yaml,      -,                         -,      -",
        "./shared/secrets.yaml,           -,                         -,      -",
    })
    void bindLocationsLandUnderAppOrWhereTheySay(String location, String mountPath, String directory, String key) {
        Optional<BindFile> file = BindFile.parse(location);
        if (mountPath == null) {
            assertThat(file).isEmpty();
        } else {
            assertThat(file).hasValue(new BindFile(mountPath, directory, key));
        }
    }
}

package io.naftiko.skipper.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

/** The JSON and YAML mappers every module uses, configured once. */
public final class Mappers {

    /** Largest YAML text read (characters); matches the 7 MB admission body limit with headroom. */
    public static final int MAX_YAML_CODE_POINTS = 8 * 1024 * 1024;

    /*
     * JSON comes from the API server or from Skipper itself, never hand-written: it cannot repeat a
     * key, and checking for it was an eighth of an admission request's allocations.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder(yamlFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    /**
     * YAML for serializing an inline ikanos document once: every string quoted, so no YAML reader
     * takes a date-like or boolean-like string ({@code 2026-03-27}, {@code on}) for another type.
     */
    private static final YAMLMapper DOCUMENT_YAML = YAMLMapper.builder(yamlFactory())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private Mappers() {
    }

    /** JSON: lenient about unknown properties. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** YAML (what users write): strict about duplicate keys; block style, minimal quoting, no document start marker. */
    public static YAMLMapper yaml() {
        return YAML;
    }

    /** YAML for writing an inline ikanos document: block style, every string quoted. */
    public static YAMLMapper documentYaml() {
        return DOCUMENT_YAML;
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_YAML_CODE_POINTS);
        loader.setAllowDuplicateKeys(false);
        return YAMLFactory.builder().loaderOptions(loader).build();
    }
}

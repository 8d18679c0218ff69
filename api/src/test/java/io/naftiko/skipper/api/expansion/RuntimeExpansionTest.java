package io.naftiko.skipper.api.expansion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.ikanos.Info;
import io.naftiko.skipper.api.tier.ResolvedClass;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.tier.TierResolver;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import io.naftiko.skipper.api.v1alpha3.CapabilityClassSpec;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.ComputeResources;
import io.naftiko.skipper.api.v1alpha3.Resilience;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import io.naftiko.skipper.api.v1alpha3.ResourceAmounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeExpansionTest {

    private static final OperatorSettings OTEL = OperatorSettings.fromEnvironment(Map.of(
            "NAFTIKO_OTEL_ENDPOINT", "http://otel-collector.observability:4317",
            "NAFTIKO_OTEL_PROTOCOL", "grpc",
            "NAFTIKO_OTEL_SAMPLING_RATE", "0.25",
            "NAFTIKO_OTEL_HEADERS", "DD-API-KEY=very-secret"));

    private static ResolvedClass tier(String name) {
        return TierResolver.resolve(Map.of("naftiko.io/tier", name), Info.empty(),
                n -> Optional.ofNullable(ShippedClasses.all().get(n)), ShippedClasses::standard);
    }

    private static CapabilityRuntime expand(CapabilityRuntime runtime, ResolvedClass resolved, OperatorSettings settings) {
        return RuntimeExpansion.expand(runtime, "shop", "orders", resolved, Optional.empty(), settings);
    }

    private static Map<String, EnvVar> envByName(CapabilityRuntime runtime) {
        return runtime.env().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void anEmptyRuntimeGetsEverythingFromTheClass() {
        CapabilityRuntime runtime = expand(null, tier("premium"), OperatorSettings.defaults());

        assertThat(runtime.className()).isEqualTo("premium");
        assertThat(runtime.resources().requests().cpu()).isEqualTo(new Quantity("500m"));
        assertThat(runtime.resources().limits().memory()).isEqualTo(new Quantity("1Gi"));
        assertThat(runtime.autoscaling()).isEqualTo(new Autoscaling(2, 20, 1000));
        assertThat(runtime.resilience().retry()).isEqualTo(new Resilience.Retry(5, "200ms", null));
        assertThat(runtime.resilience().rateLimit()).isEqualTo(new Resilience.RateLimit(1000, "1s", "0ms"));
    }

    @Test
    void aUsersOwnValuesStayAndOnlyTheUnsetAreFilled() {
        CapabilityRuntime mine = new CapabilityRuntime(null,
                new ComputeResources(null, new ResourceAmounts(null, new Quantity("384Mi"))),
                new Autoscaling(null, 3, null),
                new Resilience(null, new Resilience.Retry(1, null, null), null, null), null, null, null, null, null);

        CapabilityRuntime runtime = expand(mine, tier("standard"), OperatorSettings.defaults());

        assertThat(runtime.resources().limits()).isEqualTo(new ResourceAmounts(new Quantity("500m"), new Quantity("384Mi")));
        assertThat(runtime.resources().requests()).isEqualTo(new ResourceAmounts(new Quantity("250m"), new Quantity("256Mi")));
        assertThat(runtime.autoscaling()).isEqualTo(new Autoscaling(1, 3, 100));
        assertThat(runtime.resilience().retry()).isEqualTo(new Resilience.Retry(1, "500ms", "statusCode >= 500"));
    }

    @Test
    void openTelemetryComesFromTheOperatorEnvironment() {
        Map<String, EnvVar> env = envByName(expand(null, tier("dev"), OTEL));

        assertThat(env.get("OTEL_SERVICE_NAME").getValue()).isEqualTo("naftiko-orders");
        assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT").getValue()).isEqualTo("http://otel-collector.observability:4317");
        assertThat(env.get("OTEL_EXPORTER_OTLP_PROTOCOL").getValue()).isEqualTo("grpc");
        assertThat(env.get("OTEL_TRACES_SAMPLER").getValue()).isEqualTo("parentbased_traceidratio");
        assertThat(env.get("OTEL_TRACES_SAMPLER_ARG").getValue()).isEqualTo("0.25");
        assertThat(env.get("OTEL_RESOURCE_ATTRIBUTES").getValue())
                .isEqualTo("k8s.namespace.name=shop,naftiko.capability=orders,naftiko.tier=dev");
    }

    @Test
    void headersReachPodsOnlyThroughASecretKeyRefNeverAsALiteral() throws Exception {
        CapabilityRuntime runtime = expand(null, tier("dev"), OTEL);
        EnvVar headers = envByName(runtime).get("OTEL_EXPORTER_OTLP_HEADERS");

        assertThat(headers.getValue()).isNull();
        assertThat(headers.getValueFrom().getSecretKeyRef().getName()).isEqualTo("skipper-otel-headers");
        assertThat(headers.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("headers");
        assertThat(Mappers.json().writeValueAsString(runtime)).doesNotContain("very-secret");
        assertThat(OTEL.toString()).doesNotContain("very-secret");
    }

    @Test
    void withoutOperatorSettingsOnlyTheServiceNameAndAttributesAreSet() {
        assertThat(expand(null, tier("dev"), OperatorSettings.defaults()).env()).map(EnvVar::getName)
                .containsExactly("OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES");
    }

    @Test
    void theServiceNameIsAlwaysOursButOtherUserEnvStaysInPlace() {
        CapabilityRuntime mine = new CapabilityRuntime(null, null, null, null, List.of(
                new EnvVarBuilder().withName("LOG_LEVEL").withValue("debug").build(),
                new EnvVarBuilder().withName("OTEL_SERVICE_NAME").withValue("my-name").build(),
                new EnvVarBuilder().withName("OTEL_TRACES_SAMPLER_ARG").withValue("1.0").build()), null, null, null, null);

        CapabilityRuntime runtime = expand(mine, tier("dev"), OTEL);

        assertThat(runtime.env()).map(EnvVar::getName).containsExactly("LOG_LEVEL", "OTEL_SERVICE_NAME",
                "OTEL_TRACES_SAMPLER_ARG", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_EXPORTER_OTLP_ENDPOINT",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_TRACES_SAMPLER", "OTEL_EXPORTER_OTLP_HEADERS");
        assertThat(envByName(runtime).get("OTEL_SERVICE_NAME").getValue()).isEqualTo("naftiko-orders");
        assertThat(envByName(runtime).get("OTEL_TRACES_SAMPLER_ARG").getValue()).isEqualTo("1.0");
    }

    @Test
    void expandingTwiceChangesNothing() {
        CapabilityRuntime once = expand(new CapabilityRuntime(null, null, new Autoscaling(null, 3, null), null, null, null, null, null, null),
                tier("standard"), OTEL);
        assertThat(expand(once, tier("standard"), OTEL)).isEqualTo(once);
    }

    @Test
    void aTierChangeRefillsWhatTheOldClassHadFilledButKeepsWhatTheUserChose() {
        CapabilityRuntime premium = expand(new CapabilityRuntime(null, null, new Autoscaling(null, 7, null), null, null, null, null, null, null),
                tier("premium"), OperatorSettings.defaults());

        CapabilityRuntime standard = RuntimeExpansion.expand(premium, "shop", "orders", tier("standard"),
                Optional.of(ShippedClasses.all().get("premium").getSpec()), OperatorSettings.defaults());

        assertThat(standard.className()).isEqualTo("standard");
        assertThat(standard.resources()).isEqualTo(ShippedClasses.standard().getSpec().resources());
        assertThat(standard.autoscaling()).isEqualTo(new Autoscaling(1, 7, 100));
        assertThat(standard.resilience()).isEqualTo(ShippedClasses.standard().getSpec().resilience());
    }

    @Test
    void aRolloutIsDefaultedWholeAndAUsersOwnTakesNothingOfTheClasss() {
        RolloutStrategy classes = ShippedClasses.all().get("premium").getSpec().rollout();
        RolloutStrategy mine = new RolloutStrategy(RolloutStrategy.BLUE_GREEN, null, null, null, false, null, null);

        CapabilityRuntime defaulted = expand(null, tier("premium"), OperatorSettings.defaults());
        CapabilityRuntime own = expand(new CapabilityRuntime(null, null, null, null, null, null, null, null, mine), tier("premium"),
                OperatorSettings.defaults());

        assertThat(defaulted.rollout()).isEqualTo(classes);
        assertThat(classes.isCanary()).isTrue();
        assertThat(own.rollout()).isEqualTo(mine);
        assertThat(expand(own, tier("premium"), OperatorSettings.defaults())).isEqualTo(own);
    }

    @Test
    void aTierChangeDropsTheOldClasssRolloutUnlessTheUserEditedIt() {
        RolloutStrategy premium = ShippedClasses.all().get("premium").getSpec().rollout();
        RolloutStrategy edited = new RolloutStrategy(premium.strategy(), List.of(new RolloutStrategy.Step(100, null)),
                premium.maxSurge(), premium.maxUnavailable(), null, null, premium.analysis());
        Optional<CapabilityClassSpec> previous = Optional.of(ShippedClasses.all().get("premium").getSpec());

        CapabilityRuntime untouched = RuntimeExpansion.expand(expand(null, tier("premium"), OperatorSettings.defaults()), "shop",
                "orders", tier("standard"), previous, OperatorSettings.defaults());
        CapabilityRuntime kept = RuntimeExpansion.expand(new CapabilityRuntime("premium", null, null, null, null, null, null, null,
                edited), "shop", "orders", tier("standard"), previous, OperatorSettings.defaults());

        assertThat(untouched.rollout()).isNull();
        assertThat(kept.rollout()).isEqualTo(edited);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "standard                          | standard",
        "x,k8s.namespace.name=kube-system  | x%2Ck8s.namespace.name%3Dkube-system",
        "50%                               | 50%25",
        "'a b;c\\d\"'                        | a%20b%3Bc%5Cd%22",
        "tiér                              | ti%C3%A9r",
    })
    void resourceAttributeValuesCannotAddAttributes(String value, String escaped) {
        assertThat(RuntimeExpansion.resourceValue(value)).isEqualTo(escaped);
    }
}

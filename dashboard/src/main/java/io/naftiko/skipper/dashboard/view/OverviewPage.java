package io.naftiko.skipper.dashboard.view;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The fleet at a glance: Capabilities by phase, environment and tier, each with what is failing; filters. */
public final class OverviewPage {

    /**
     * What the overview shows; empty matches any.
     *
     * @param environment the Fleet environment ({@code naftiko.io/environment} label; {@code -} for none)
     * @param tier        the tier the Capability runs in
     * @param phase       its phase
     * @param name        a part of its namespace/name
     */
    public record Filter(String environment, String tier, String phase, String name) {

        /** The filter of a request's query parameters. */
        public static Filter of(Map<String, String> parameters) {
            return new Filter(parameters.getOrDefault("environment", ""), parameters.getOrDefault("tier", ""),
                    parameters.getOrDefault("phase", ""), parameters.getOrDefault("name", "").trim());
        }

        boolean matches(Capability capability) {
            return (environment.isEmpty() || environment.equals(environmentOf(capability)))
                    && (tier.isEmpty() || tier.equals(tierOf(capability)))
                    && (phase.isEmpty() || phase.equals(phaseOf(capability).map(Enum::name).orElse("")))
                    && (name.isEmpty() || (capability.getMetadata().getNamespace() + "/" + capability.getMetadata().getName()).contains(name));
        }
    }

    private OverviewPage() {
    }

    /** The page. */
    public static String render(List<Capability> all, Filter filter) {
        List<Capability> shown = all.stream().filter(filter::matches)
                .sorted(Comparator.comparing((Capability c) -> c.getMetadata().getNamespace()).thenComparing(c -> c.getMetadata().getName()))
                .toList();
        StringBuilder body = new StringBuilder();
        body.append("<section aria-labelledby=\"phases\"><h2 id=\"phases\">By phase</h2><div class=\"cards\">");
        Map<String, Integer> byPhase = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            byPhase.put(phase.name(), 0);
        }
        all.forEach(c -> byPhase.merge(phaseOf(c).map(Enum::name).orElse("Unknown"), 1, Integer::sum));
        byPhase.forEach((phase, count) -> body.append("<div class=\"card\"><b>").append(count).append("</b>")
                .append(Html.badge(phase, phase.equals("Unknown") ? Html.Tone.NEUTRAL : Tones.of(Phase.valueOf(phase)))).append("</div>"));
        body.append("</div></section>");

        body.append("<section aria-labelledby=\"spread\"><h2 id=\"spread\">By environment and tier</h2>");
        Map<String, Map<String, Integer>> spread = new TreeMap<>();
        TreeSet<String> tiers = new TreeSet<>();
        for (Capability c : all) {
            tiers.add(tierOf(c));
            spread.computeIfAbsent(environmentOf(c), e -> new TreeMap<>()).merge(tierOf(c), 1, Integer::sum);
        }
        List<String> headers = new ArrayList<>(List.of("Environment"));
        headers.addAll(tiers);
        List<List<String>> spreadRows = new ArrayList<>();
        spread.forEach((environment, counts) -> {
            List<String> row = new ArrayList<>(List.of(Html.text(environment)));
            tiers.forEach(t -> row.add(String.valueOf(counts.getOrDefault(t, 0))));
            spreadRows.add(row);
        });
        body.append(Html.table("Capabilities per environment and tier", headers, spreadRows)).append("</section>");

        body.append("<section aria-labelledby=\"list\"><h2 id=\"list\">Capabilities</h2>")
                .append("<form method=\"get\" action=\"/\" role=\"search\" aria-label=\"Filter capabilities\">")
                .append(Html.select("environment", "Environment", all.stream().map(OverviewPage::environmentOf).distinct().sorted().toList(),
                        filter.environment()))
                .append(Html.select("tier", "Tier", List.copyOf(tiers), filter.tier()))
                .append(Html.select("phase", "Phase", List.of("Pending", "Running", "Degraded", "Failed"), filter.phase()))
                .append(Html.input("name", "Name contains", filter.name(), "namespace/name"))
                .append("<button type=\"submit\">Filter</button></form>");
        List<List<String>> rows = new ArrayList<>();
        for (Capability c : shown) {
            String key = c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
            CapabilityStatus status = c.getStatus();
            rows.add(List.of(
                    "<a href=\"/capabilities/" + Html.url(c.getMetadata().getNamespace()) + "/" + Html.url(c.getMetadata().getName()) + "\">"
                            + Html.text(key) + "</a>",
                    Html.text(environmentOf(c)),
                    Html.text(tierOf(c)),
                    Html.badge(phaseOf(c).map(Enum::name).orElse("Unknown"), Tones.of(phaseOf(c).orElse(null))),
                    status == null || status.rollout() == null ? "-"
                            : Html.badge(status.rollout().describe(), Tones.ofRollout(status.rollout().phase())),
                    failing(status)));
        }
        body.append(Html.table(shown.size() + " of " + all.size() + " capabilities", List.of("Capability", "Environment", "Tier", "Phase",
                "Rollout", "Failing conditions"), rows)).append("</section>");
        return Html.page("Fleet overview", "/", body.toString());
    }

    /** Every condition that is not True, as {@code Type: Reason — message}. */
    static String failing(CapabilityStatus status) {
        if (status == null || status.conditions() == null) {
            return "<span>no status yet</span>";
        }
        List<String> problems = new ArrayList<>();
        for (Condition condition : status.conditions()) {
            if (!"True".equals(condition.getStatus())) {
                problems.add("<div><strong>" + Html.text(condition.getType()) + "</strong>: " + Html.text(condition.getReason())
                        + " — " + Html.text(condition.getMessage()) + "</div>");
            }
        }
        return problems.isEmpty() ? "-" : String.join("", problems);
    }

    static String environmentOf(Capability capability) {
        Map<String, String> labels = capability.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(NaftikoLabels.ENVIRONMENT)).orElse("-");
    }

    static String tierOf(Capability capability) {
        String fromRuntime = capability.getSpec() == null || capability.getSpec().getRuntime() == null ? null
                : capability.getSpec().getRuntime().className();
        String fromStatus = capability.getStatus() == null ? null : capability.getStatus().tier();
        return Optional.ofNullable(fromRuntime).or(() -> Optional.ofNullable(fromStatus)).orElse("standard");
    }

    static Optional<Phase> phaseOf(Capability capability) {
        return Optional.ofNullable(capability.getStatus()).map(CapabilityStatus::phase);
    }
}

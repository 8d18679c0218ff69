package io.naftiko.skipper.dashboard.view;

import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every Warden: its instances, the revision each runs per bundle, its certificate's expiry. */
public final class WardensPage {

    /** A certificate closer to its end than this is shown as a warning (Skipper renews at two thirds of its life). */
    static final Duration EXPIRY_WARNING = Duration.ofDays(7);

    private WardensPage() {
    }

    /** The page, as of {@code now}. */
    public static String render(List<Warden> wardens, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        wardens.stream().sorted(Comparator.comparing((Warden w) -> w.getMetadata().getNamespace()).thenComparing(w -> w.getMetadata().getName()))
                .forEach(w -> {
                    WardenStatus status = w.getStatus();
                    List<WardenStatus.Instance> instances = status == null || status.instances() == null ? List.of() : status.instances();
                    Map<String, String> revisions = new TreeMap<>();
                    instances.forEach(i -> {
                        if (i.activeRevisions() != null) {
                            i.activeRevisions().forEach((bundle, revision) -> revisions.merge(bundle, revision,
                                    (a, b) -> a.equals(b) ? a : a + ", " + b));
                        }
                    });
                    StringBuilder revisionCell = new StringBuilder();
                    revisions.forEach((bundle, revision) -> revisionCell.append("<div><code>").append(Html.text(bundle)).append("</code> ")
                            .append(Html.text(revision)).append(revision.contains(",") ? " " + Html.badge("mixed", Html.Tone.PENDING) : "")
                            .append("</div>"));
                    StringBuilder errors = new StringBuilder();
                    instances.stream().filter(i -> i.errors() != null && !i.errors().isEmpty()).forEach(i -> errors.append("<div>")
                            .append(Html.text(i.id())).append(": ").append(Html.text(String.join("; ", i.errors()))).append("</div>"));
                    rows.add(List.of(Html.text(w.getMetadata().getNamespace() + "/" + w.getMetadata().getName()),
                            String.valueOf(instances.size()),
                            revisionCell.length() == 0 ? "-" : revisionCell.toString(),
                            expiry(status == null ? null : status.certificateNotAfter(), now),
                            errors.length() == 0 ? "-" : errors.toString()));
                });
        String body = Html.table(wardens.size() + " Wardens", List.of("Warden", "Instances", "Active revision per bundle",
                "Certificate until", "Errors"), rows);
        return Html.page("Wardens", "/wardens", body);
    }

    private static String expiry(String notAfter, Instant now) {
        if (notAfter == null) {
            return Html.badge("not issued", Html.Tone.NEUTRAL);
        }
        try {
            Instant end = Instant.parse(notAfter);
            Html.Tone tone = end.isBefore(now) ? Html.Tone.BAD : end.isBefore(now.plus(EXPIRY_WARNING)) ? Html.Tone.PENDING : Html.Tone.GOOD;
            String word = end.isBefore(now) ? "expired" : "in " + Duration.between(now, end).toDays() + " days";
            return Html.text(notAfter) + " " + Html.badge(word, tone);
        } catch (DateTimeParseException e) {
            return Html.text(notAfter);
        }
    }
}

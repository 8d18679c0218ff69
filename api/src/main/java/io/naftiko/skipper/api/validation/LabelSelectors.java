package io.naftiko.skipper.api.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;

/** Label selector semantics as the API server applies them. */
public final class LabelSelectors {

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private LabelSelectors() {
    }

    /** Whether labels match a selector; an absent or empty selector matches everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What is wrong with a selector's expressions (unknown operators, missing or extra values). */
    public static List<Violation> validate(LabelSelector selector, String field) {
        List<Violation> violations = new ArrayList<>();
        if (selector == null || selector.getMatchExpressions() == null) {
            return violations;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            LabelSelectorRequirement r = expressions.get(i);
            String at = field + ".matchExpressions[" + i + "]";
            boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
            if (!OPERATORS.contains(r.getOperator())) {
                violations.add(new Violation(at + ".operator",
                        "'" + r.getOperator() + "' is not one of In, NotIn, Exists, DoesNotExist"));
            } else if (r.getOperator().endsWith("In") && !hasValues) {
                violations.add(new Violation(at + ".values", r.getOperator() + " needs at least one value"));
            } else if (!r.getOperator().endsWith("In") && hasValues) {
                violations.add(new Violation(at + ".values", r.getOperator() + " takes no values"));
            }
        }
        return violations;
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }

    /** Whether {@code key} is a label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static boolean isLabelKey(String key) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        return (slash < 0 || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches())) && LABEL_NAME.matcher(name).matches();
    }

    /** Whether {@code value} is a label value: empty, or at most 63 letters, digits, '-', '_', '.' starting and ending alphanumeric. */
    public static boolean isLabelValue(String value) {
        return value.isEmpty() || LABEL_NAME.matcher(value).matches();
    }
}

package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.Map;

/** The API server's label selector semantics, for asking a rendered selector which labels it matches. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** True when {@code labels} match; an absent selector matches everything, as in a webhook configuration. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        return selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(r -> matches(r, labels));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            // A missing label is "not in" any set: that is how exempt=true can be opted into.
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("unknown operator " + requirement.getOperator());
        };
    }
}

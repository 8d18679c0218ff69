package io.naftiko.skipper.api.manifest;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Sets one pin in a fleet manifest's text, as a person would edit it for a pull request: only the pin's own text
 * changes (or one line, or a {@code pins:} block, is added), and every comment, blank line, quote style and key order
 * stays. Positions come from the YAML parser's marks, so the edit lands exactly where the pin is, whatever the
 * layout. Pure: text in, text out.
 */
public final class PinEditor {

    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private PinEditor() {
    }

    /**
     * The manifest with {@code environment}'s pin of {@code capability} set.
     *
     * @param pin {@code revision: N} or {@code digest: sha256:…}
     * @throws IllegalArgumentException when the text is not YAML, or has no such environment, or is laid out so that
     *                                  no exact edit exists (an environment in flow style)
     */
    public static String setPin(String manifest, String environment, String capability, String pin) {
        int[] text = manifest.codePoints().toArray();
        String newline = manifest.contains("\r\n") ? "\r\n" : "\n";
        MappingNode env = environmentNode(manifest, environment);
        Optional<NodeTuple> pins = tuple(env, "pins");
        if (pins.isPresent() && pins.get().getValueNode() instanceof MappingNode pinsMap) {
            Optional<NodeTuple> current = tuple(pinsMap, capability);
            if (current.isPresent() && current.get().getValueNode() instanceof MappingNode pinMap && pinMap.getValue().size() == 1) {
                // {revision: 3} or a block with one key: the key and value are replaced, brackets and comments stay.
                NodeTuple only = pinMap.getValue().get(0);
                return splice(text, only.getKeyNode().getStartMark().getIndex(), only.getValueNode().getEndMark().getIndex(), pin);
            }
            if (current.isPresent()) {
                int start = current.get().getValueNode().getStartMark().getIndex();
                return splice(text, start, current.get().getValueNode().getEndMark().getIndex(), "{" + pin + "}");
            }
            if (pinsMap.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                int close = pinsMap.getEndMark().getIndex() - 1;
                String entry = (pinsMap.getValue().isEmpty() ? "" : ", ") + capability + ": {" + pin + "}";
                return splice(text, close, close, entry);
            }
            int column = pinsMap.getValue().get(0).getKeyNode().getStartMark().getColumn();
            int at = endOfLine(text, lastEnd(pinsMap));
            return splice(text, at, at, newline + " ".repeat(column) + capability + ": {" + pin + "}");
        }
        if (pins.isPresent()) {
            throw new IllegalArgumentException("environment " + environment + ": pins is not a map; fix it first (skipper fleet lint)");
        }
        if (env.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            throw new IllegalArgumentException("environment " + environment + " is written in flow style ({...}): add its pin by hand");
        }
        int column = env.getValue().get(0).getKeyNode().getStartMark().getColumn();
        int at = endOfLine(text, lastEnd(env));
        return splice(text, at, at, newline + " ".repeat(column) + "pins:" + newline + " ".repeat(column + 2) + capability + ": {" + pin + "}");
    }

    /**
     * The lines that differ between two texts, as {@code -old} and {@code +new} lines (1-based line number of the
     * first), for printing what an edit changed.
     */
    public static List<String> changedLines(String before, String after) {
        String[] a = before.split("\r?\n", -1);
        String[] b = after.split("\r?\n", -1);
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix].equals(b[prefix])) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix].equals(b[b.length - 1 - suffix])) {
            suffix++;
        }
        List<String> lines = new ArrayList<>();
        lines.add("@@ line " + (prefix + 1) + " @@");
        for (int i = prefix; i < a.length - suffix; i++) {
            lines.add("-" + a[i]);
        }
        for (int i = prefix; i < b.length - suffix; i++) {
            lines.add("+" + b[i]);
        }
        return lines;
    }

    private static MappingNode environmentNode(String manifest, String environment) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(manifest));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        Optional<Node> environments = Optional.ofNullable(root).filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                .flatMap(r -> tuple(r, "spec")).map(NodeTuple::getValueNode).filter(MappingNode.class::isInstance)
                .map(MappingNode.class::cast).flatMap(s -> tuple(s, "environments")).map(NodeTuple::getValueNode);
        if (environments.isEmpty() || !(environments.get() instanceof SequenceNode list)) {
            throw new IllegalArgumentException("no spec.environments list");
        }
        for (Node item : list.getValue()) {
            if (item instanceof MappingNode env && tuple(env, "name").map(NodeTuple::getValueNode)
                    .filter(n -> n instanceof ScalarNode scalar && scalar.getValue().equals(environment)).isPresent()) {
                return env;
            }
        }
        throw new IllegalArgumentException("no environment named " + environment + " in spec.environments");
    }

    private static Optional<NodeTuple> tuple(MappingNode map, String key) {
        return map.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)).findFirst();
    }

    /** Where the last value inside a node ends: the last scalar of a block collection, or a flow collection's bracket. */
    private static int lastEnd(Node node) {
        if (node instanceof CollectionNode<?> collection && collection.getFlowStyle() == DumperOptions.FlowStyle.BLOCK) {
            if (node instanceof MappingNode map && !map.getValue().isEmpty()) {
                return lastEnd(map.getValue().get(map.getValue().size() - 1).getValueNode());
            }
            if (node instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
                return lastEnd(sequence.getValue().get(sequence.getValue().size() - 1));
            }
        }
        return node.getEndMark().getIndex();
    }

    private static int endOfLine(int[] text, int from) {
        int at = Math.min(from, text.length);
        while (at < text.length && text[at] != '\n' && text[at] != '\r') {
            at++;
        }
        return at;
    }

    private static String splice(int[] text, int start, int end, String replacement) {
        StringBuilder out = new StringBuilder();
        out.append(new String(text, 0, start));
        out.append(replacement);
        out.append(new String(text, end, text.length - end));
        return out.toString();
    }
}

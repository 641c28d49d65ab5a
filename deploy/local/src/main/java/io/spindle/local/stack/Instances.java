package io.spindle.local.stack;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many instances of each worker run, kept in {@code scale.properties} so that {@code down} and {@code up}
 * keep them. Instance 1 of a worker is named as the worker ({@code transcode-worker}) and listens on the worker's
 * port; instance n is {@code transcode-worker-n} on a free port. The name is also the instance's
 * {@code SPINDLE_INSTANCE}: its Kafka client id, and the {@code worker} of its reports.
 */
final class Instances {

    /** A worker cannot usefully run more instances than its topic has partitions. */
    static final int MAX = 12;

    private Instances() {
    }

    static String name(Component component, int number) {
        return number == 1 ? component.label() : component.label() + "-" + number;
    }

    /** The instance number in a name: 1 for {@code transcode-worker}, 3 for {@code transcode-worker-3}. */
    static int number(String instance) {
        int dash = instance.lastIndexOf('-');
        if (dash > 0) {
            try {
                return Integer.parseInt(instance.substring(dash + 1));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }

    static Map<Component, Integer> read(StackFiles files) {
        Map<Component, Integer> counts = new EnumMap<>(Component.class);
        Component.of(Component.Kind.WORKER).forEach(c -> counts.put(c, 1));
        StackFiles.read(files.file("scale.properties")).forEach((k, v) -> Component.byLabel(k)
                .filter(Component::isWorker).ifPresent(c -> counts.put(c, Integer.parseInt(v.trim()))));
        return counts;
    }

    static void write(StackFiles files, Map<Component, Integer> counts) {
        Map<String, String> values = new LinkedHashMap<>();
        counts.forEach((c, n) -> values.put(c.label(), Integer.toString(n)));
        StackFiles.write(files.file("scale.properties"), "instances of each worker (deploy/local/stack scale)",
                values, false);
    }

    /** Parses {@code transcode-worker=3 ingest-worker=2}. */
    static Map<Component, Integer> parse(List<String> args) {
        if (args.isEmpty()) {
            throw new StackException("say how many instances of which worker, e.g. 'scale transcode-worker=3'");
        }
        Map<Component, Integer> counts = new EnumMap<>(Component.class);
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            String[] parts = arg.split("=", 2);
            Component worker = Component.byLabel(parts[0]).filter(Component::isWorker).orElse(null);
            Integer n = parts.length == 2 && parts[1].matches("\\d{1,2}") ? Integer.valueOf(parts[1]) : null;
            if (worker == null) {
                problems.add("'" + arg + "': scale takes WORKER=N with WORKER one of "
                        + String.join(", ", Component.labels(Component.Kind.WORKER)));
            } else if (n == null || n < 1 || n > MAX) {
                problems.add("'" + arg + "': N must be a whole number from 1 to " + MAX
                        + " (a worker's topic has " + MAX + " partitions)");
            } else {
                counts.put(worker, n);
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException(String.join("\n        ", problems));
        }
        return counts;
    }
}

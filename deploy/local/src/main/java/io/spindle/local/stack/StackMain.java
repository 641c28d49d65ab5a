package io.spindle.local.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The process side of {@code deploy/local/stack}: after bash has checked prerequisites and built, it runs this
 * with the repository root and the state directory. Each subcommand (a {@code @Command} method) exits 0 when it
 * did what it says, 1 with a sentence on what to fix otherwise.
 */
@Command(name = "stack", mixinStandardHelpOptions = true)
public final class StackMain {

    @Option(names = "--root", required = true, description = "the repository root")
    Path root;

    @Option(names = "--state-dir", required = true, description = "where data, logs and process records live")
    Path stateDir;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new StackMain());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StackException) {
                System.err.println("[stack] ERROR: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }

    @Command(name = "up", description = "start everything that is not running, and wait until it is ready")
    int up(@Option(names = "--fresh", description = "stop, remove all data, then start empty") boolean fresh) {
        stack().up(fresh);
        return 0;
    }

    @Command(name = "down", description = "stop everything (workers drain first); data is kept")
    int down() {
        stack().down();
        return 0;
    }

    @Command(name = "status", description = "each component and instance, its health and its partitions; exit 1"
            + " if anything is down")
    int status() {
        return stack().status() ? 0 : 1;
    }

    @Command(name = "scale", description = "run N instances of a worker: scale transcode-worker=3 ingest-worker=2")
    int scale(@Parameters(arity = "1..*", paramLabel = "WORKER=N") List<String> counts) {
        stack().scale(Instances.parse(counts));
        return 0;
    }

    @Command(name = "stop", description = "stop one component (all its instances), keeping its data")
    int stop(@Parameters(paramLabel = "COMPONENT") String component) {
        stack().stop(component(component));
        return 0;
    }

    @Command(name = "start", description = "start one component again")
    int start(@Parameters(paramLabel = "COMPONENT") String component) {
        stack().start(component(component));
        return 0;
    }

    @Command(name = "dlq", description = "dead letters: dlq list [TOPIC] shows each record and its reason;"
            + " dlq replay TOPIC [PARTITION:OFFSET…] publishes records back to their topic")
    int dlq(@Parameters(index = "0", paramLabel = "list|replay") String action,
            @Parameters(index = "1..*", arity = "0..*", paramLabel = "TOPIC [PARTITION:OFFSET…]") List<String> args) {
        List<String> rest = args == null ? List.of() : args;
        DeadLetters deadLetters = new DeadLetters(stack().kafkaBootstrap(), System.out);
        switch (action) {
            case "list" -> {
                if (rest.isEmpty()) {
                    deadLetters.summary();
                } else {
                    deadLetters.list(DeadLetters.topic(rest.get(0)));
                }
            }
            case "replay" -> {
                if (rest.isEmpty()) {
                    throw new StackException("dlq replay needs a topic: dlq replay ingest-tasks-dlq [PARTITION:OFFSET…]");
                }
                deadLetters.replay(DeadLetters.topic(rest.get(0)), rest.subList(1, rest.size()));
            }
            default -> throw new StackException("dlq " + action + ": use dlq list [TOPIC] or dlq replay TOPIC");
        }
        return 0;
    }

    private Stack stack() {
        return new Stack(new StackFiles(root.toAbsolutePath(), stateDir.toAbsolutePath()), System.getenv(),
                System.out);
    }

    static Component component(String label) {
        return Component.byLabel(label).orElseThrow(() -> new StackException("no component '" + label
                + "'; components: " + String.join(", ", Arrays.stream(Component.values()).map(Component::label)
                        .toList())));
    }
}

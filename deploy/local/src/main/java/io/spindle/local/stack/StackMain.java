package io.spindle.local.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The process side of {@code deploy/local/stack}: after bash has checked prerequisites and built, it runs this
 * with the repository root and the state directory. Each subcommand exits 0 when it did what it says, 1 with a
 * sentence on what to fix otherwise.
 */
@Command(name = "stack", mixinStandardHelpOptions = true, subcommands = {
    StackMain.Up.class, StackMain.Down.class, StackMain.Status.class, StackMain.Scale.class, StackMain.Stop.class,
    StackMain.Start.class})
public final class StackMain {

    @Option(names = "--root", required = true, description = "the repository root")
    Path root;

    @Option(names = "--state-dir", required = true, description = "where data, logs and process records live")
    Path stateDir;

    Stack stack() {
        return new Stack(new StackFiles(root.toAbsolutePath(), stateDir.toAbsolutePath()), System.getenv(),
                System.out);
    }

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

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        StackMain main;
    }

    @Command(name = "up", description = "start everything that is not running, and wait until it is ready")
    static final class Up extends Sub {
        @Option(names = "--fresh", description = "stop, remove all data, then start empty")
        boolean fresh;

        @Override
        public Integer call() {
            main.stack().up(fresh);
            return 0;
        }
    }

    @Command(name = "down", description = "stop everything (workers drain first); data is kept")
    static final class Down extends Sub {
        @Override
        public Integer call() {
            main.stack().down();
            return 0;
        }
    }

    @Command(name = "status", description = "each component and instance, its health and its partitions; exit 1"
            + " if anything is down")
    static final class Status extends Sub {
        @Override
        public Integer call() {
            return main.stack().status() ? 0 : 1;
        }
    }

    @Command(name = "scale", description = "run N instances of a worker: scale transcode-worker=3 ingest-worker=2")
    static final class Scale extends Sub {
        @Parameters(arity = "1..*", paramLabel = "WORKER=N")
        List<String> counts;

        @Override
        public Integer call() {
            main.stack().scale(Instances.parse(counts));
            return 0;
        }
    }

    @Command(name = "stop", description = "stop one component (all its instances), keeping its data")
    static final class Stop extends Sub {
        @Parameters(paramLabel = "COMPONENT")
        String component;

        @Override
        public Integer call() {
            main.stack().stop(component(component));
            return 0;
        }
    }

    @Command(name = "start", description = "start one component again")
    static final class Start extends Sub {
        @Parameters(paramLabel = "COMPONENT")
        String component;

        @Override
        public Integer call() {
            main.stack().start(component(component));
            return 0;
        }
    }

    static Component component(String label) {
        return Component.byLabel(label).orElseThrow(() -> new StackException("no component '" + label
                + "'; components: " + String.join(", ", java.util.Arrays.stream(Component.values())
                        .map(Component::label).toList())));
    }
}

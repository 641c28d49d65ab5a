package io.spindle.local.stack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Starts, finds, waits for and stops the stack's processes. A process is started in a session of its own
 * ({@code setsid}), so that it outlives this command and a Ctrl-C in the terminal does not reach it, and it is
 * recorded by pid and start time ({@link ProcessRecord}).
 */
final class Supervisor {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final StackFiles files;
    private final PrintStream out;

    Supervisor(StackFiles files, PrintStream out) {
        this.files = files;
        this.out = out;
    }

    /** The running process recorded for {@code instance}. */
    Optional<ProcessRecord> running(String instance) {
        return ProcessRecord.read(files.procs().resolve(instance + ".properties")).filter(ProcessRecord::alive);
    }

    /** Every recorded process of {@code component} that still runs, by instance number. */
    List<ProcessRecord> running(Component component) {
        return records().stream().filter(r -> r.component() == component).filter(ProcessRecord::alive)
                .sorted(Comparator.comparingInt(r -> Instances.number(r.instance()))).toList();
    }

    List<ProcessRecord> records() {
        if (!Files.isDirectory(files.procs())) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(files.procs())) {
            return list.filter(p -> p.toString().endsWith(".properties")).map(ProcessRecord::read)
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProcessRecord start(String instance, Component component, int port, List<String> command,
            Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            argv.add(SETSID.toString());
        }
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(files.run().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log(instance).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(files.procs());
            Process process = builder.start();
            ProcessRecord record = ProcessRecord.of(instance, component, process.toHandle(), port);
            record.write(files.procs());
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + instance, e);
        }
    }

    /** Waits, printing a dot a second, until {@code ready}; fails early if the process dies. */
    void await(String what, ProcessRecord record, Duration timeout, BooleanSupplier ready) {
        await(what, List.of(record), timeout, ready);
    }

    /** Waits until {@code ready}; fails early if one of the processes dies. */
    void await(String what, List<ProcessRecord> records, Duration timeout, BooleanSupplier ready) {
        long started = System.nanoTime();
        out.print("[stack] waiting for " + what + " ");
        out.flush();
        long deadline = started + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            for (ProcessRecord record : records) {
                if (!record.alive()) {
                    out.println();
                    throw new StackException(record.instance() + " stopped; log: " + files.log(record.instance()));
                }
            }
            if (System.nanoTime() > deadline) {
                out.println(" timed out after " + timeout.toSeconds() + " s");
                throw new StackException(what + " not ready; logs: " + String.join(", ", records.stream()
                        .map(r -> files.log(r.instance()).toString()).toList()));
            }
            out.print('.');
            out.flush();
            sleep(Duration.ofSeconds(1));
        }
        out.println(" ready (" + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s)");
    }

    /** SIGTERM, then SIGKILL after {@code grace}; removes the record. */
    void stop(ProcessRecord record, Duration grace) {
        record.process().ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                out.println("[stack] stopped " + record.instance() + " (pid " + record.pid() + ")");
            } catch (Exception e) {
                process.destroyForcibly();
                process.onExit().join();
                out.println("[stack] killed " + record.instance() + " (pid " + record.pid() + "): it did not stop"
                        + " within " + grace.toSeconds() + " s of SIGTERM");
            }
        });
        try {
            Files.deleteIfExists(files.procs().resolve(record.instance() + ".properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops several processes at once (workers drain in parallel). */
    void stopAll(List<ProcessRecord> records, Duration grace) {
        records.forEach(r -> out.println("[stack] stopping " + r.instance() + " (pid " + r.pid() + ") …"));
        List<Thread> threads = records.stream().map(r -> new Thread(() -> stop(r, grace), "stop-" + r.instance()))
                .toList();
        threads.forEach(Thread::start);
        threads.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}

package io.spindle.workerkit.media;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs an FFmpeg executable as a supervised child process: a deadline, an optional stall timeout (no progress
 * for that long), stdout kept up to a bound or read line by line, the last lines of stderr kept for error
 * messages, and the process killed if the caller is interrupted.
 *
 * <p>No child outlives its worker: on Linux the child runs under {@code setpriv --pdeathsig KILL} (util-linux),
 * so the kernel kills it when the JVM dies, even by {@code kill -9} or the OOM killer. Where setpriv is missing
 * a warning says so once (in a container the runtime kills the whole process tree anyway).
 */
public final class Subprocess {

    static final int STDERR_LINES = 40;
    private static final Logger LOG = Logger.getLogger(Subprocess.class);
    private static final Path SETPRIV = findSetpriv();

    /** What the process left behind. */
    public record Result(int exitCode, String stdout, String stderrTail) {
    }

    private Subprocess() {
    }

    /** Runs to completion, keeping up to {@code maxStdoutBytes} of stdout. */
    public static Result run(Path executable, List<String> args, Duration timeout, int maxStdoutBytes) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Result result = execute(executable, args, timeout, null, new AtomicLong(),
                in -> bounded(in, stdout, maxStdoutBytes));
        return new Result(result.exitCode(), stdout.toString(StandardCharsets.UTF_8), result.stderrTail());
    }

    /** Runs to completion, handing each line of stdout to {@code stdoutLines} as it comes. */
    public static Result run(Path executable, List<String> args, Duration timeout, Consumer<String> stdoutLines) {
        AtomicLong unused = new AtomicLong();
        return execute(executable, args, timeout, null, unused, in -> lines(in, line -> {
            stdoutLines.accept(line);
            return false;
        }, unused));
    }

    /**
     * Runs to completion, handing each line of stdout to {@code progressLines}, which answers whether the line
     * shows progress. A process that shows none for {@code stallTimeout} is killed
     * ({@link SubprocessStalledException}).
     */
    public static Result run(Path executable, List<String> args, Duration timeout, Duration stallTimeout,
            Predicate<String> progressLines) {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        return execute(executable, args, timeout, stallTimeout, lastProgress,
                in -> lines(in, progressLines, lastProgress));
    }

    private interface StdoutReader {
        void read(InputStream in);
    }

    private static Result execute(Path executable, List<String> args, Duration timeout, Duration stallTimeout,
            AtomicLong lastProgress, StdoutReader stdoutReader) {
        ProcessBuilder builder = new ProcessBuilder(command(executable, args));
        // the bundled executables find their own shared libraries (libva…) beside them
        builder.environment().put("LD_LIBRARY_PATH", executable.getParent().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        Deque<String> stderr = new ArrayDeque<>();
        Thread stderrThread = daemon("stderr", () -> tail(process.getErrorStream(), stderr));
        Thread stdoutThread = daemon("stdout", () -> stdoutReader.read(process.getInputStream()));
        String name = executable.getFileName().toString();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (now > deadline) {
                    kill(process);
                    throw new SubprocessTimeoutException(name + " did not finish within " + timeout);
                }
                if (stallTimeout != null && now - lastProgress.get() > stallTimeout.toNanos()) {
                    kill(process);
                    throw new SubprocessStalledException(name + " made no progress for " + stallTimeout
                            + " and was stopped");
                }
            }
            stdoutThread.join(5_000);
            stderrThread.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        String tail;
        synchronized (stderr) {
            tail = String.join("\n", stderr);
        }
        return new Result(process.exitValue(), "", tail);
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    static List<String> command(Path executable, List<String> args) {
        List<String> command = new ArrayList<>();
        if (SETPRIV != null) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.add(executable.toString());
        command.addAll(args);
        return command;
    }

    private static Path findSetpriv() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, "setpriv");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        LOG.warn("setpriv (util-linux) is not installed: FFmpeg child processes will not be killed if this JVM"
                + " dies abruptly; install util-linux");
        return null;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, "subprocess-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void tail(InputStream in, Deque<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > STDERR_LINES) {
                        lines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void lines(InputStream in, Predicate<String> consumer, AtomicLong lastProgress) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    if (consumer.test(line)) {
                        lastProgress.set(System.nanoTime());
                    }
                } catch (RuntimeException e) {
                    LOG.debugf(e, "a line of output was not understood: %s", line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void bounded(InputStream in, ByteArrayOutputStream out, int max) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int room = max - out.size();
                if (room > 0) {
                    out.write(buffer, 0, Math.min(n, room));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The process ran past its deadline and was killed. */
    public static class SubprocessTimeoutException extends RuntimeException {
        public SubprocessTimeoutException(String message) {
            super(message);
        }
    }

    /** The process showed no progress for its stall timeout and was killed. */
    public static class SubprocessStalledException extends RuntimeException {
        public SubprocessStalledException(String message) {
            super(message);
        }
    }
}

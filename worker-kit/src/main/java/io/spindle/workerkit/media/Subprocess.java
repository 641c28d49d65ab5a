package io.spindle.workerkit.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an FFmpeg executable as a supervised child process: a deadline, stdout kept up to a bound, the last
 * lines of stderr kept for error messages, and the process killed if the caller is interrupted.
 */
public final class Subprocess {

    static final int STDERR_LINES = 40;

    /** What the process left behind. */
    public record Result(int exitCode, String stdout, String stderrTail) {
    }

    private Subprocess() {
    }

    /** Runs to completion, keeping up to {@code maxStdoutBytes} of stdout. */
    public static Result run(Path executable, List<String> args, Duration timeout, int maxStdoutBytes) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Result result = execute(executable, args, timeout, in -> bounded(in, stdout, maxStdoutBytes));
        return new Result(result.exitCode(), stdout.toString(StandardCharsets.UTF_8), result.stderrTail());
    }

    /** Runs to completion, handing each line of stdout to {@code stdoutLines} as it comes (progress output). */
    public static Result run(Path executable, List<String> args, Duration timeout,
            java.util.function.Consumer<String> stdoutLines) {
        return execute(executable, args, timeout, in -> lines(in, stdoutLines));
    }

    /** Kills every child process still running (on shutdown: their tasks will be redelivered). */
    public static void killAll() {
        RUNNING.forEach(Process::destroyForcibly);
    }

    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private interface StdoutReader {
        void read(InputStream in);
    }

    private static Result execute(Path executable, List<String> args, Duration timeout, StdoutReader stdoutReader) {
        ProcessBuilder builder = new ProcessBuilder(command(executable, args));
        // the bundled executables find their own shared libraries (libva…) beside them
        builder.environment().put("LD_LIBRARY_PATH", executable.getParent().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        RUNNING.add(process);
        Deque<String> stderr = new ArrayDeque<>();
        Thread stderrThread = daemon("stderr", () -> tail(process.getErrorStream(), stderr));
        Thread stdoutThread = daemon("stdout", () -> stdoutReader.read(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new SubprocessTimeoutException(executable.getFileName() + " did not finish within " + timeout);
            }
            stdoutThread.join(5_000);
            stderrThread.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + executable.getFileName(), e);
        } finally {
            RUNNING.remove(process);
        }
        String tail;
        synchronized (stderr) {
            tail = String.join("\n", stderr);
        }
        return new Result(process.exitValue(), "", tail);
    }

    static List<String> command(Path executable, List<String> args) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(executable.toString()), args.stream())
                .toList();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, "subprocess-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void tail(InputStream in, Deque<String> lines) {
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
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

    private static void lines(InputStream in, java.util.function.Consumer<String> consumer) {
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                consumer.accept(line);
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
}

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

    public static Result run(Path executable, List<String> args, Duration timeout, int maxStdoutBytes) {
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
        Thread stderrReader = daemon("stderr", () -> tail(process.getErrorStream(), stderr));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Thread stdoutReader = daemon("stdout", () -> bounded(process.getInputStream(), stdout, maxStdoutBytes));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new SubprocessTimeoutException(executable.getFileName() + " did not finish within " + timeout);
            }
            stdoutReader.join(5_000);
            stderrReader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + executable.getFileName(), e);
        }
        String tail;
        synchronized (stderr) {
            tail = String.join("\n", stderr);
        }
        return new Result(process.exitValue(), stdout.toString(StandardCharsets.UTF_8), tail);
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

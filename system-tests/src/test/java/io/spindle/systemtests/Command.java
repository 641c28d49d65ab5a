package io.spindle.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, with its output captured and a deadline. */
record Command(List<String> argv, Map<String, String> env, Path workDir) {

    record Result(int exitCode, String output) {
    }

    Result run(Duration timeout) {
        try {
            Path out = Files.createTempFile("spindle-cmd", ".log");
            ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish within " + timeout + ":\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

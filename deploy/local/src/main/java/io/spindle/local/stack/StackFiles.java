package io.spindle.local.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The stack's state directory ({@code SPINDLE_STACK_DIR}, default {@code deploy/local/.run}): data, logs, one
 * record per running process, and small {@code KEY=VALUE} files (ports, secrets, worker counts, the facts a
 * client needs) that bash can {@code source} as well.
 */
record StackFiles(Path root, Path run) {

    Path data() {
        return run.resolve("data");
    }

    Path logs() {
        return run.resolve("logs");
    }

    Path procs() {
        return run.resolve("procs");
    }

    Path log(String instance) {
        return logs().resolve(instance + ".log");
    }

    Path file(String name) {
        return run.resolve(name);
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /** Writes {@code KEY=VALUE} lines (values are plain tokens: no quoting needed for bash or Properties). */
    static void write(Path file, String comment, Map<String, String> values, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            if (secret) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                if (comment != null) {
                    w.write("# " + comment + "\n");
                }
                for (Map.Entry<String, String> e : values.entrySet()) {
                    w.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.spindle.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A process the stack started, as recorded in {@code procs/<instance>.properties}: enough to find it again, and
 * to tell it from an unrelated process that got the same pid after it died (the start time differs).
 */
record ProcessRecord(String instance, Component component, long pid, long startedAtMillis, int port) {

    static ProcessRecord of(String instance, Component component, ProcessHandle process, int port) {
        return new ProcessRecord(instance, component, process.pid(), startOf(process), port);
    }

    /** The process, while it is the one that was recorded and still runs. */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> startOf(p) == startedAtMillis);
    }

    boolean alive() {
        return process().isPresent();
    }

    static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    void write(Path procs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("instance", instance);
        values.put("component", component.label());
        values.put("pid", Long.toString(pid));
        values.put("started", Long.toString(startedAtMillis));
        values.put("port", Integer.toString(port));
        StackFiles.write(procs.resolve(instance + ".properties"), null, values, false);
    }

    static Optional<ProcessRecord> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> v = StackFiles.read(file);
        try {
            return Component.byLabel(v.get("component")).map(c -> new ProcessRecord(v.get("instance"), c,
                    Long.parseLong(v.get("pid")), Long.parseLong(v.get("started")), Integer.parseInt(v.get("port"))));
        } catch (RuntimeException e) {
            return Optional.empty(); // a record from an older stack, or half written: not ours to trust
        }
    }
}

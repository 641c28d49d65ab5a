package io.spindle.workerkit.storage;

import io.quarkus.runtime.Startup;
import io.spindle.workerkit.config.WorkerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Local disk for files that must be seekable (an MP4 with its index at the front). Each instance works in
 * {@code <scratch-dir>/spindle-scratch/<pid>-<start time>/}; at start-up it removes the folders of instances that
 * are no longer running (killed or crashed: they could not clean up), and on shutdown its own. The start time
 * tells a live instance from a dead one whose pid was reused.
 */
@ApplicationScoped
@Startup
public class ScratchSpace {

    private static final Logger LOG = Logger.getLogger(ScratchSpace.class);

    private final Path root;
    private Path mine;

    @Inject
    public ScratchSpace(WorkerConfig config) {
        this(Path.of(config.scratchDir().orElse(System.getProperty("java.io.tmpdir"))));
    }

    ScratchSpace(Path parent) {
        this.root = parent.resolve("spindle-scratch");
    }

    @PostConstruct
    void claim() {
        try {
            Files.createDirectories(root);
            for (Path dir : leftBehind()) {
                deleteRecursively(dir);
                LOG.infof("removed scratch space left behind by a stopped worker: %s", dir);
            }
            ProcessHandle self = ProcessHandle.current();
            mine = Files.createDirectories(root.resolve(name(self.pid(), startOf(self))));
        } catch (IOException e) {
            throw new UncheckedIOException("scratch space at " + root + " is not usable", e);
        }
    }

    /** A fresh folder for one task's files; delete it with {@link #release} when done. */
    public Path forTask(String taskId) throws IOException {
        return Files.createTempDirectory(mine, taskId + "-");
    }

    public void release(Path dir) {
        deleteRecursively(dir);
    }

    @PreDestroy
    void stop() {
        if (mine != null) {
            deleteRecursively(mine);
        }
    }

    /** Folders of instances that are not running any more. */
    List<Path> leftBehind() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(dir -> !alive(dir.getFileName().toString())).toList();
        }
    }

    static String name(long pid, long startMillis) {
        return pid + "-" + startMillis;
    }

    private static boolean alive(String name) {
        String[] parts = name.split("-");
        if (parts.length != 2) {
            return true; // not one of ours: leave it
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long started = Long.parseLong(parts[1]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isPresent() && process.get().isAlive() && startOf(process.get()) == started;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("scratch space %s not fully removed: %s", dir, e.getMessage());
        }
    }
}

package io.spindle.workerkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker removes what dead predecessors left in the scratch space, and nothing of the living. */
class ScratchSpaceTest {

    @TempDir
    Path parent;

    @Test
    void foldersOfStoppedInstancesAreRemovedAtStartUp() throws Exception {
        Path root = parent.resolve("spindle-scratch");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long endedStart = ended.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
        Path dead = Files.createDirectories(root.resolve(ScratchSpace.name(ended.pid(), endedStart))
                .resolve("task_aaaaaaaaaaaaaaaa-1"));
        Files.writeString(dead.resolve("output.mp4"), "half a file");
        ProcessHandle self = ProcessHandle.current();
        long selfStart = self.info().startInstant().orElseThrow().toEpochMilli();
        // a live pid that was reused: the folder's start time is not this process's
        Path reused = Files.createDirectories(root.resolve(ScratchSpace.name(self.pid(), selfStart - 60_000)));
        Path sibling = Files.createDirectories(root.resolve(ScratchSpace.name(self.pid(), selfStart)));
        Path foreign = Files.createDirectories(root.resolve("not-ours-at-all"));

        ScratchSpace scratch = new ScratchSpace(parent);
        scratch.claim();

        assertThat(dead.getParent()).doesNotExist();
        assertThat(reused).doesNotExist();
        assertThat(sibling).isDirectory(); // a live instance (here, this very process) keeps its folder
        assertThat(foreign).isDirectory();
        Path task = scratch.forTask("task_bbbbbbbbbbbbbbbb");
        assertThat(task).isDirectory().hasParent(sibling);
        scratch.release(task);
        assertThat(task).doesNotExist();
        scratch.stop();
        assertThat(sibling).doesNotExist();
    }
}

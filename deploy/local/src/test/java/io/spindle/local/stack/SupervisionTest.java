package io.spindle.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's bookkeeping, without a stack: process records, worker counts, partition ranges. */
class SupervisionTest {

    @TempDir
    Path dir;

    @Test
    void aRecordIsAliveOnlyWhileItsOwnProcessRuns() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        ProcessRecord mine = ProcessRecord.of("transcode-worker-2", Component.TRANSCODE_WORKER, self, 8083);
        mine.write(dir);
        ProcessRecord read = ProcessRecord.read(dir.resolve("transcode-worker-2.properties")).orElseThrow();
        assertThat(read).isEqualTo(mine);
        assertThat(read.alive()).isTrue();

        // the same pid with another start time: a process that reused the pid of a dead one
        ProcessRecord reused = new ProcessRecord("x", Component.KAFKA, self.pid(), mine.startedAtMillis() - 1000, 1);
        assertThat(reused.alive()).isFalse();

        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertThat(ProcessRecord.of("y", Component.S3, ended.toHandle(), 1).alive()).isFalse();
        assertThat(ProcessRecord.read(dir.resolve("missing.properties"))).isEmpty();
    }

    @Test
    void workerCountsAreKeptAndCheckedAndNamedPerInstance() {
        StackFiles files = new StackFiles(dir, dir.resolve("run"));
        assertThat(Instances.read(files)).containsEntry(Component.TRANSCODE_WORKER, 1)
                .containsEntry(Component.INGEST_WORKER, 1).containsEntry(Component.UPLOAD_WORKER, 1);
        Map<Component, Integer> counts = Instances.read(files);
        counts.putAll(Instances.parse(List.of("transcode-worker=3", "ingest-worker=2")));
        Instances.write(files, counts);
        assertThat(Instances.read(files)).containsEntry(Component.TRANSCODE_WORKER, 3)
                .containsEntry(Component.INGEST_WORKER, 2).containsEntry(Component.UPLOAD_WORKER, 1);

        assertThatThrownBy(() -> Instances.parse(List.of("transcode-worker=13", "api-gateway=2", "upload-worker")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("'transcode-worker=13': N must be a whole number from 1 to 12")
                .hasMessageContaining("'api-gateway=2': scale takes WORKER=N with WORKER one of ingest-worker,"
                        + " transcode-worker, upload-worker")
                .hasMessageContaining("'upload-worker': N must be");
        assertThatThrownBy(() -> Instances.parse(List.of())).isInstanceOf(StackException.class);

        assertThat(Instances.name(Component.TRANSCODE_WORKER, 1)).isEqualTo("transcode-worker");
        assertThat(Instances.name(Component.TRANSCODE_WORKER, 3)).isEqualTo("transcode-worker-3");
        assertThat(Instances.number("transcode-worker")).isEqualTo(1);
        assertThat(Instances.number("transcode-worker-3")).isEqualTo(3);
    }

    @Test
    void partitionsReadAsRanges() {
        assertThat(Partitions.ranges(List.of(3, 0, 1, 2, 8, 10, 11))).isEqualTo("partitions 0-3,8,10-11 (7)");
        assertThat(Partitions.ranges(List.of(5))).isEqualTo("partitions 5 (1)");
        assertThat(Partitions.ranges(List.of())).isEqualTo("none");
    }
}

package io.spindle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestHandlerTest {

    @Test
    void fileNamesAreMadeSafe() {
        assertThat(IngestHandler.filename("clip.mp4")).isEqualTo("clip.mp4");
        assertThat(IngestHandler.filename("../../etc/passwd")).isEqualTo("_.._etc_passwd");
        assertThat(IngestHandler.filename("my video (1).mov")).isEqualTo("my_video__1_.mov");
        assertThat(IngestHandler.filename("")).isEqualTo("input");
        assertThat(IngestHandler.filename(null)).isEqualTo("input");
    }
}

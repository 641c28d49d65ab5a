package io.spindle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3ClientsTest {

    @Test
    void autoAddressingIsVirtualOnlyForAws() {
        assertThat(S3Clients.usesVirtualHostedStyle("auto", "https://s3.us-east-1.amazonaws.com")).isTrue();
        assertThat(S3Clients.usesVirtualHostedStyle(null, "https://s3.amazonaws.com")).isTrue();
        assertThat(S3Clients.usesVirtualHostedStyle("auto", "http://127.0.0.1:9000")).isFalse();
        assertThat(S3Clients.usesVirtualHostedStyle("auto", "https://abc.r2.cloudflarestorage.com")).isFalse();
        assertThat(S3Clients.usesVirtualHostedStyle("auto", "https://amazonaws.com.evil.example")).isFalse();
    }

    @Test
    void explicitAddressingWins() {
        assertThat(S3Clients.usesVirtualHostedStyle("path", "https://s3.us-east-1.amazonaws.com")).isFalse();
        assertThat(S3Clients.usesVirtualHostedStyle("virtual", "http://127.0.0.1:9000")).isTrue();
    }
}

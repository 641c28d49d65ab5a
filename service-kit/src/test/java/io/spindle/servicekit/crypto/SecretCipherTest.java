package io.spindle.servicekit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spindle.servicekit.crypto.SecretCipher.Sealed;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static String key(String id) {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return id + ":" + Base64.getEncoder().encodeToString(material);
    }

    @Test
    void sealsAndOpensWithTheSameKeyAndAssociatedData() {
        SecretCipher cipher = new SecretCipher(List.of(key("k1")), null);
        Sealed sealed = cipher.seal("s3cr3t", "con_a");
        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(cipher.open(sealed, "con_a")).isEqualTo("s3cr3t");
        assertThat(cipher.seal("s3cr3t", "con_a").payload()).isNotEqualTo(sealed.payload()); // fresh nonce
    }

    @Test
    void aWrongKeyWithTheSameIdFails() {
        Sealed sealed = new SecretCipher(List.of(key("k1")), null).seal("s3cr3t", "con_a");
        SecretCipher other = new SecretCipher(List.of(key("k1")), null);
        assertThatThrownBy(() -> other.open(sealed, "con_a")).isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void otherAssociatedDataOrATamperedByteFails() {
        SecretCipher cipher = new SecretCipher(List.of(key("k1")), null);
        Sealed sealed = cipher.seal("s3cr3t", "con_a");
        assertThatThrownBy(() -> cipher.open(sealed, "con_b")).isInstanceOf(SecretUnavailableException.class);
        byte[] tampered = sealed.payload().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(new Sealed("k1", tampered), "con_a"))
                .isInstanceOf(SecretUnavailableException.class);
        assertThatThrownBy(() -> cipher.open(new Sealed("k1", new byte[5]), "con_a"))
                .isInstanceOf(SecretUnavailableException.class).hasMessageContaining("truncated");
    }

    @Test
    void rotationKeepsOldSecretsReadable() {
        String k1 = key("k1");
        String k2 = key("k2");
        Sealed old = new SecretCipher(List.of(k1), null).seal("old-secret", "con_a");

        SecretCipher rotated = new SecretCipher(List.of(k1, k2), null);
        assertThat(rotated.activeKeyId()).isEqualTo("k2");
        assertThat(rotated.open(old, "con_a")).isEqualTo("old-secret");
        Sealed fresh = rotated.seal("new-secret", "con_b");
        assertThat(fresh.keyId()).isEqualTo("k2");

        SecretCipher retired = new SecretCipher(List.of(k2), null);
        assertThat(retired.open(fresh, "con_b")).isEqualTo("new-secret");
        assertThatThrownBy(() -> retired.open(old, "con_a")).isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("'k1'").hasMessageContaining("not configured");

        assertThat(new SecretCipher(List.of(k1, k2), "k1").activeKeyId()).isEqualTo("k1");
    }

    @Test
    void badKeyConfigurationIsRefusedWithAClearReason() {
        assertThatThrownBy(() -> new SecretCipher(List.of(), null)).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> new SecretCipher(List.of("nocolon"), null)).hasMessageContaining("key-id:base64");
        assertThatThrownBy(() -> new SecretCipher(List.of("k1:!!!"), null)).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> new SecretCipher(List.of("k1:" + Base64.getEncoder().encodeToString(new byte[16])),
                null)).hasMessageContaining("exactly 32");
        assertThatThrownBy(() -> new SecretCipher(List.of(key("k1")), "k9")).hasMessageContaining("'k9'");
        assertThatThrownBy(() -> new SecretCipher(List.of(key("k1"), key("k1")), null)).hasMessageContaining("twice");
    }
}

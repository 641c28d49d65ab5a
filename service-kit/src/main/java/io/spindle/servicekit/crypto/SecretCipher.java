package io.spindle.servicekit.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (connection credentials, webhook signing secrets) with AES-256-GCM under a key-encryption key
 * from configuration ({@code spindle.encryption.keys}). The associated data (the row's id) binds a ciphertext to
 * its row: moved to another row, it no longer opens. Each sealed value records the id of its key, so keys can be
 * rotated. Each service makes its own instance from its configuration (a CDI producer, created at start-up so a
 * bad key stops the service).
 */
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    /** A sealed secret: the key id and {@code nonce || ciphertext || tag}. */
    public record Sealed(String keyId, byte[] payload) {
    }

    public SecretCipher(List<String> keySpecs, String activeKeyId) {
        if (keySpecs == null || keySpecs.isEmpty()) {
            throw new IllegalStateException("spindle.encryption.keys is empty: configure at least one key");
        }
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        String last = null;
        for (String spec : keySpecs) {
            int colon = spec.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("spindle.encryption.keys: each entry must be 'key-id:base64'");
            }
            String id = spec.substring(0, colon).trim();
            byte[] material;
            try {
                material = Base64.getDecoder().decode(spec.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("spindle.encryption.keys: key '" + id + "' is not valid base64");
            }
            if (material.length != 32) {
                throw new IllegalStateException("spindle.encryption.keys: key '" + id + "' has " + material.length
                        + " bytes; AES-256 needs exactly 32 (generate one with: openssl rand -base64 32)");
            }
            if (parsed.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalStateException("spindle.encryption.keys: key id '" + id + "' appears twice");
            }
            last = id;
        }
        String active = activeKeyId == null || activeKeyId.isBlank() ? last : activeKeyId;
        if (!parsed.containsKey(active)) {
            throw new IllegalStateException("spindle.encryption.active-key-id '" + active
                    + "' is not among the configured keys " + parsed.keySet());
        }
        this.keys = Map.copyOf(parsed);
        this.activeKeyId = active;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Sealed seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKeyId, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Opens a sealed secret.
     *
     * @throws SecretUnavailableException if its key is no longer configured, or it was tampered with, belongs
     *                                    to another row, or was sealed under a different key with the same id
     */
    public String open(Sealed sealed, String associatedData) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new SecretUnavailableException("the secret was sealed under key '" + sealed.keyId()
                    + "', which is not configured any more (spindle.encryption.keys)");
        }
        byte[] payload = sealed.payload();
        if (payload == null || payload.length <= NONCE_BYTES) {
            throw new SecretUnavailableException("the stored secret is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnavailableException("the stored secret failed authentication (tampered with, moved"
                    + " from another connection, or sealed under a different key with id '" + sealed.keyId() + "')");
        } catch (GeneralSecurityException e) {
            throw new SecretUnavailableException("the stored secret could not be decrypted: " + e.getClass()
                    .getSimpleName());
        }
    }
}

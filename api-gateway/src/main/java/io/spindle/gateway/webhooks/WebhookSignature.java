package io.spindle.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing per the Standard Webhooks specification (standardwebhooks.com): a secret is {@code whsec_} and the
 * base64 of 32 random bytes; a delivery carries {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and
 * {@code webhook-signature}: {@code v1,} and the base64 of HMAC-SHA256 over {@code id.timestamp.body}, keyed with
 * the secret's bytes, one such value per valid secret, separated by spaces (during a rotation, the new secret's
 * and the old one's).
 */
public final class WebhookSignature {

    public static final String PREFIX = "whsec_";
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret, {@code whsec_…}. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header for a body, with one signature per secret. */
    public static String header(String id, long timestamp, byte[] body, List<String> secrets) {
        return secrets.stream().map(secret -> "v1," + sign(id, timestamp, body, secret))
                .collect(Collectors.joining(" "));
    }

    static String sign(String id, long timestamp, byte[] body, String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}

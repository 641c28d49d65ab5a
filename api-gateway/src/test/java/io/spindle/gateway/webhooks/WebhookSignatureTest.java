package io.spindle.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spindle's signing against the reference Standard Webhooks library, and the retry schedule. */
class WebhookSignatureTest {

    @Test
    void signaturesAreThoseOfTheReferenceLibraryOnePerSecret() throws Exception {
        String current = WebhookSignature.newSecret();
        String previous = WebhookSignature.newSecret();
        assertThat(current).matches("whsec_[A-Za-z0-9+/]{43}=").isNotEqualTo(previous);
        byte[] body = "{\"id\":\"evt_abcdefgh12345678\",\"object\":\"event\",\"kind\":\"run.succeeded\"}"
                .getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        String header = WebhookSignature.header("evt_abcdefgh12345678", timestamp, body, List.of(current, previous));

        assertThat(header.split(" ")).containsExactly(
                new Webhook(current).sign("evt_abcdefgh12345678", timestamp, new String(body, StandardCharsets.UTF_8)),
                new Webhook(previous).sign("evt_abcdefgh12345678", timestamp, new String(body,
                        StandardCharsets.UTF_8)));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("evt_abcdefgh12345678"),
                "webhook-timestamp", List.of(Long.toString(timestamp)), "webhook-signature", List.of(header));
        new Webhook(current).verify(new String(body, StandardCharsets.UTF_8), headers);
        new Webhook(previous).verify(new String(body, StandardCharsets.UTF_8), headers);
    }

    @Test
    void retriesDoubleUpToTheCapWithTwentyPercentJitter() {
        Duration initial = Duration.ofSeconds(5);
        Duration max = Duration.ofHours(1);
        assertThat(WebhookDispatcher.backoff(1, initial, max, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(WebhookDispatcher.backoff(2, initial, max, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WebhookDispatcher.backoff(4, initial, max, 0.5)).isEqualTo(Duration.ofSeconds(40));
        assertThat(WebhookDispatcher.backoff(20, initial, max, 0.5)).isEqualTo(max);
        assertThat(WebhookDispatcher.backoff(80, initial, max, 0.5)).isEqualTo(max);
        assertThat(WebhookDispatcher.backoff(3, initial, max, 0.0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(WebhookDispatcher.backoff(3, initial, max, 0.999)).isBetween(Duration.ofMillis(23_900),
                Duration.ofSeconds(24));
        // with the defaults, 3 days of retries is some 75 attempts: most of them an hour apart
        Duration total = Duration.ZERO;
        int attempts = 1;
        while (total.compareTo(Duration.ofDays(3)) < 0) {
            total = total.plus(WebhookDispatcher.backoff(attempts++, initial, max, 0.5));
        }
        assertThat(attempts).isBetween(70, 85);
    }
}

package io.spindle.workerkit.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.workerkit.attempts.Attempt.Outcome;
import io.spindle.workerkit.attempts.AttemptLedger.Claim;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a delivery does about the ledger it finds. */
class AttemptLedgerTest {

    static final Duration LEASE = Duration.ofSeconds(15);
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    final AttemptLedger empty = AttemptLedger.empty("task_aaaaaaaaaaaaaaaa");

    @Test
    void theFirstDeliveryStartsAttemptOne() {
        assertThat(empty.claim(T0, LEASE, 3)).isEqualTo(new Claim.Start(1));
    }

    @Test
    void aFreshClaimIsWaitedForAndALapsedOneCountsAsACrash() {
        AttemptLedger one = empty.started(1, "transcode-worker-1", T0);
        assertThat(one.claim(T0.plusSeconds(14), LEASE, 3)).isInstanceOf(Claim.Held.class);
        assertThat(((Claim.Held) one.claim(T0.plusSeconds(1), LEASE, 3)).by().worker())
                .isEqualTo("transcode-worker-1");
        // the heartbeat keeps the claim
        AttemptLedger beating = one.beat(1, T0.plusSeconds(10));
        assertThat(beating.claim(T0.plusSeconds(20), LEASE, 3)).isInstanceOf(Claim.Held.class);
        // no heartbeat for a lease: its worker died
        assertThat(beating.claim(T0.plusSeconds(26), LEASE, 3)).isEqualTo(new Claim.Start(2));
        assertThat(beating.crashed(T0.plusSeconds(26), LEASE)).extracting(Attempt::number).containsExactly(1);
    }

    @Test
    void handBacksAreNotCrashesButMaxCrashesGiveUp() {
        AttemptLedger ledger = empty.started(1, "w1", T0).ended(1, Outcome.HANDED_BACK, T0.plusSeconds(5))
                .started(2, "w2", T0.plusSeconds(6))
                .started(3, "w3", T0.plusSeconds(30))
                .started(4, "w2", T0.plusSeconds(60));
        Instant later = T0.plusSeconds(120);
        assertThat(ledger.crashed(later, LEASE)).extracting(Attempt::number).containsExactly(2, 3, 4);
        Claim claim = ledger.claim(later, LEASE, 3);
        assertThat(claim).isInstanceOf(Claim.GiveUp.class);
        assertThat(((Claim.GiveUp) claim).crashed()).hasSize(3);
        assertThat(ledger.claim(later, LEASE, 4)).isEqualTo(new Claim.Start(5));
        assertThat(ledger.gaveUp().claim(later, LEASE, 3)).isEqualTo(new Claim.Finished(Outcome.FAILED));
    }

    @Test
    void anEndedTaskIsNotDoneAgain() {
        AttemptLedger done = empty.started(1, "w1", T0).ended(1, Outcome.SUCCEEDED, T0.plusSeconds(3));
        assertThat(done.claim(T0.plusSeconds(4), LEASE, 3)).isEqualTo(new Claim.Finished(Outcome.SUCCEEDED));
        AttemptLedger failed = empty.started(1, "w1", T0).ended(1, Outcome.FAILED, T0.plusSeconds(3));
        assertThat(failed.claim(T0.plusSeconds(4), LEASE, 3)).isEqualTo(new Claim.Finished(Outcome.FAILED));
    }

    @Test
    void theLedgerRoundTripsAsJson() {
        AttemptLedger ledger = empty.started(1, "w1", T0).ended(1, Outcome.HANDED_BACK, T0.plusSeconds(5))
                .started(2, "w2", T0.plusSeconds(6));
        String json = new String(PipelineJson.write(ledger), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"task_id\":\"task_aaaaaaaaaaaaaaaa\"", "\"outcome\":\"handed_back\"",
                "\"heartbeat_at\":\"2026-11-29T10:00:06Z\"");
        assertThat(PipelineJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), AttemptLedger.class))
                .isEqualTo(ledger);
    }
}

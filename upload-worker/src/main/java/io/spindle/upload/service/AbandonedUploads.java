package io.spindle.upload.service;

import io.smallrye.faulttolerance.api.Guard;
import io.spindle.storage.StorageErrors;
import io.spindle.workerkit.storage.ResumableUpload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Aborts the multipart uploads of tasks that ended without completing them (failed for good, handed back), so
 * no parts are left at the customer's destination. The storage may be the very thing that is away: the abort is
 * tried again in the background, with backoff, for up to a day. A worker that stops meanwhile leaves the parts
 * to the destination bucket's lifecycle rule (README, "Outages").
 */
@ApplicationScoped
public class AbandonedUploads {

    private static final Logger LOG = Logger.getLogger(AbandonedUploads.class);
    private static final TypeLiteral<CompletionStage<Void>> DONE = new TypeLiteral<>() {
    };

    private final Guard retries = Guard.create().withDescription("aborting abandoned multipart uploads")
            .withRetry().maxRetries(-1).maxDuration(1, ChronoUnit.DAYS)
            .delay(2, ChronoUnit.SECONDS).withExponentialBackoff().factor(2).maxDelay(1, ChronoUnit.MINUTES).done()
            .whenException(e -> StorageErrors.translate(e).retryable())
            .done().build();

    /** Starts aborting {@code upload}; returns at once. */
    public CompletionStage<Void> abort(ResumableUpload upload) {
        CompletionStage<Void> aborted;
        try {
            aborted = retries.call(upload::abort, DONE);
        } catch (Exception e) { // not thrown for an asynchronous call: its stage fails instead
            throw new IllegalStateException(e);
        }
        return aborted.whenComplete((done, error) -> {
            if (error == null) {
                LOG.infof("aborted the unfinished upload %s to %s", upload.uploadId(), upload.target());
            } else if ("NoSuchUpload".equals(StorageErrors.translate(error).code())) {
                LOG.debugf("the unfinished upload %s to %s was already gone", upload.uploadId(), upload.target());
            } else {
                LOG.warnf("the unfinished upload %s to %s could not be aborted (%s); its parts stay until the"
                        + " bucket's lifecycle rule removes them", upload.uploadId(), upload.target(),
                        StorageErrors.translate(error).message());
            }
        });
    }
}

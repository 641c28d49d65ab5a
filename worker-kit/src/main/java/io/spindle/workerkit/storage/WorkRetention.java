package io.spindle.workerkit.storage;

import io.minio.AbortMultipartUploadArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.SetBucketLifecycleArgs;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.Filter;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Status;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.spindle.storage.S3Clients;
import io.spindle.storage.StorageErrors;
import io.spindle.workerkit.config.WorkStorageConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Work objects are kept for {@code spindle.work-storage.retention} (7 days), incomplete multipart uploads for a
 * day. At start-up this sets the work bucket's lifecycle rule, so the store itself expires them (Spindle owns
 * the work bucket's lifecycle configuration: the rule replaces any other). A store that does not take the rule
 * (s3proxy answers {@code NotImplemented}, a key without {@code s3:PutLifecycleConfiguration}), or a retention
 * shorter than a day, which a rule cannot express, is swept by the worker instead, every
 * {@code sweep-interval}. Sweeps by several instances at once delete the same objects: harmless.
 */
@ApplicationScoped
@Startup
public class WorkRetention {

    private static final Logger LOG = Logger.getLogger(WorkRetention.class);
    static final String RULE_ID = "spindle-work-retention";
    /** How long an incomplete multipart upload in work storage may stay (a worker died mid-write). */
    static final Duration ABANDONED_UPLOADS = Duration.ofDays(1);
    private static final int DELETE_BATCH = 1000;

    private final WorkStorageConfig config;
    private final MinioClient client;
    private final MinioAsyncClient async;
    private volatile boolean storeExpires;

    /** {@code work} is taken so that its bucket exists before the rule is set. */
    public WorkRetention(WorkStorage work, WorkStorageConfig config) {
        this.config = config;
        this.client = S3Clients.forWorkStorage(config.credentials());
        this.async = S3Clients.asyncForWorkStorage(config.credentials());
    }

    /** What a sweep removed. */
    public record Swept(int objects, int uploads) {
    }

    @PostConstruct
    void setLifecycleRule() {
        Duration retention = config.retention();
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            LOG.infof("work storage retention is %s, shorter than a lifecycle rule's day: this worker sweeps it"
                    + " every %s", retention, config.sweepInterval());
            return;
        }
        long day = Duration.ofDays(1).toSeconds();
        int days = (int) ((retention.toSeconds() + day - 1) / day);
        try {
            client.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(config.bucket())
                    .config(new LifecycleConfiguration(List.of(new LifecycleConfiguration.Rule(Status.ENABLED,
                            new LifecycleConfiguration.AbortIncompleteMultipartUpload((int) ABANDONED_UPLOADS
                                    .toDays()),
                            new LifecycleConfiguration.Expiration((ZonedDateTime) null, days, null, null),
                            new Filter(""), RULE_ID, null, null, null)))).build());
            storeExpires = true;
            LOG.infof("work bucket '%s': objects expire after %d day(s), incomplete uploads after 1 day",
                    config.bucket(), days);
        } catch (Exception e) {
            LOG.infof("work storage did not take the lifecycle rule (%s): this worker sweeps objects older than %s"
                    + " every %s", StorageErrors.translate(e).code(), retention, config.sweepInterval());
        }
    }

    @Scheduled(every = "${spindle.work-storage.sweep-interval:1h}", delayed = "${spindle.work-storage.sweep-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        if (storeExpires) {
            return;
        }
        try {
            Swept swept = sweep(Instant.now());
            LOG.infof("work storage swept: %d object(s) older than %s deleted, %d abandoned upload(s) aborted",
                    swept.objects(), config.retention(), swept.uploads());
        } catch (Exception e) {
            LOG.warnf("the work storage sweep failed (%s); the next one is in %s",
                    StorageErrors.translate(e).message(), config.sweepInterval());
        }
    }

    /** Deletes work objects older than the retention and aborts uploads older than a day, as of {@code now}. */
    public Swept sweep(Instant now) throws Exception {
        Instant expired = now.minus(config.retention());
        List<DeleteRequest.Object> batch = new ArrayList<>();
        int objects = 0;
        for (Result<Item> listed : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket())
                .recursive(true).build())) {
            Item item = listed.get();
            if (!item.isDir() && item.lastModified().toInstant().isBefore(expired)) {
                batch.add(new DeleteRequest.Object(item.objectName()));
                if (batch.size() == DELETE_BATCH) {
                    objects += delete(batch);
                }
            }
        }
        objects += delete(batch);
        return new Swept(objects, abortUploadsBefore(now.minus(ABANDONED_UPLOADS)));
    }

    private int delete(List<DeleteRequest.Object> batch) throws Exception {
        int deleted = batch.size();
        if (deleted > 0) {
            // the result is lazy: reading it sends the request
            for (Result<DeleteResult.Error> error : client.removeObjects(RemoveObjectsArgs.builder()
                    .bucket(config.bucket()).objects(List.copyOf(batch)).build())) {
                LOG.warnf("work storage sweep: %s", error.get());
                deleted--;
            }
            batch.clear();
        }
        return deleted;
    }

    private int abortUploadsBefore(Instant cutoff) throws Exception {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            ListMultipartUploadsResult page = async.listMultipartUploads(ListMultipartUploadsArgs.builder()
                    .bucket(config.bucket()).keyMarker(keyMarker).uploadIdMarker(uploadIdMarker).build()).get()
                    .result();
            for (ListMultipartUploadsResult.Upload upload : page.uploads()) {
                if (upload.initiated() != null && upload.initiated().toInstant().isBefore(cutoff)) {
                    async.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(config.bucket())
                            .object(upload.objectName()).uploadId(upload.uploadId()).build()).get();
                    aborted++;
                }
            }
            if (!page.isTruncated()) {
                return aborted;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }
}

package io.spindle.workerkit.connections;

import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.workerkit.lifecycle.TaskFailure;

/**
 * The object in a customer's bucket that a task's options name: {@code bucket} and {@code key}, reached
 * through {@code connection_id} (an ingest reads it, an upload writes it).
 */
public record BucketObject(String connectionId, S3Url address) {

    /** @throws TaskFailure {@code invalid_options} when one of the three is missing */
    public static BucketObject of(TaskCommand command) {
        if (command.options().get("connection_id") instanceof String connectionId
                && command.options().get("bucket") instanceof String bucket
                && command.options().get("key") instanceof String key) {
            return new BucketObject(connectionId, new S3Url(bucket, key));
        }
        throw TaskFailure.permanent("invalid_options", "A " + command.kind().wireName() + " task from a bucket or to"
                + " one needs options.connection_id, options.bucket and options.key.");
    }

    public String bucket() {
        return address.bucket();
    }

    public String key() {
        return address.key();
    }
}

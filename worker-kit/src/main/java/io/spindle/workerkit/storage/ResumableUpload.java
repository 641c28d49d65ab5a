package io.spindle.workerkit.storage;

import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.UploadPartArgs;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import io.spindle.contract.S3Url;
import io.spindle.workerkit.lifecycle.TaskFailure;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * A multipart upload of a known number of bytes that outlives failures of its storage: {@link #send} stores
 * parts one by one, and when it fails (the storage went away mid-transfer) the parts already stored stay, so
 * the next {@code send} on the same object asks the storage which parts it holds and goes on from the first
 * missing one, reading the source from there. Memory stays around two parts: the next is read while the last
 * is being stored.
 *
 * <p>Not thread-safe: one task's tries use it one after the other. An upload that will not be finished must be
 * {@linkplain #abort() aborted}, or its parts stay (and are billed) until the bucket's lifecycle rule removes them.
 */
public final class ResumableUpload {

    private static final Logger LOG = Logger.getLogger(ResumableUpload.class);

    /** Where the bytes come from: the source read from {@code offset} on. */
    @FunctionalInterface
    public interface Source {
        InputStream openAt(long offset) throws IOException;
    }

    private final MinioAsyncClient client;
    private final S3Url target;
    private final String contentType;
    private final long size;
    private final int partSize;
    private String uploadId;
    private boolean completed;

    public ResumableUpload(MinioAsyncClient client, S3Url target, String contentType, long size, int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB, not " + partSize + " bytes");
        }
        this.client = client;
        this.target = target;
        this.contentType = contentType;
        this.size = size;
        this.partSize = partSize;
    }

    /**
     * Stores what the storage does not hold yet and completes the upload.
     *
     * @param progress told how many bytes are stored, after each part
     * @throws TaskFailure {@code input_truncated} when the source holds fewer bytes than the upload's size
     * @throws Exception what the storage or the source threw; the parts stored so far stay for the next call
     */
    public ObjectWriteResponse send(Source source, LongConsumer progress) throws Exception {
        if (completed) {
            throw new IllegalStateException("the upload to " + target + " is already complete");
        }
        if (uploadId == null) {
            uploadId = await(client.createMultipartUpload(CreateMultipartUploadArgs.builder().bucket(target.bucket())
                    .object(target.key()).headers(new Http.Headers("Content-Type", contentType)).build()))
                    .result().uploadId();
        }
        List<Part> parts = storedParts();
        long offset = (long) parts.size() * partSize;
        if (offset > 0) {
            LOG.infof("resuming the upload to %s at part %d of %d: %d of %d bytes are already stored", target,
                    parts.size() + 1, partCount(), Math.min(offset, size), size);
            progress.accept(Math.min(offset, size));
        }
        if (offset < size) {
            sendFrom(source, offset, parts, progress);
        }
        ObjectWriteResponse written = await(client.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                .bucket(target.bucket()).object(target.key()).uploadId(uploadId).parts(parts.toArray(Part[]::new))
                .build()));
        completed = true;
        return written;
    }

    /**
     * Reads the source from {@code offset} on and stores it part by part, reading the next part while the storage
     * takes the last one: two part buffers, one being sent while the other fills.
     */
    private void sendFrom(Source source, long offset, List<Part> parts, LongConsumer progress) throws Exception {
        byte[] filling = new byte[partSize];
        byte[] sending = null;
        CompletableFuture<String> inFlight = null;
        long inFlightEnd = 0;
        try (InputStream in = source.openAt(offset)) {
            while (offset < size) {
                int length = (int) Math.min(partSize, size - offset);
                int read = in.readNBytes(filling, 0, length);
                if (read < length) {
                    throw TaskFailure.permanent("input_truncated", "The input of the upload to " + target
                            + " ended after " + (offset + read) + " of its " + size + " bytes.");
                }
                if (inFlight != null) { // the part before is stored before this one is sent: numbers stay in order
                    parts.add(new Part(parts.size() + 1, await(inFlight)));
                    inFlight = null;
                    progress.accept(inFlightEnd);
                }
                inFlight = client.uploadPart(UploadPartArgs.builder().bucket(target.bucket()).object(target.key())
                        .uploadId(uploadId).partNumber(parts.size() + 1).data(filling, length).build())
                        .thenApply(response -> response.part().etag());
                offset += length;
                inFlightEnd = offset;
                byte[] free = sending == null ? new byte[partSize] : sending;
                sending = filling;
                filling = free;
            }
            parts.add(new Part(parts.size() + 1, await(inFlight)));
            inFlight = null;
            progress.accept(inFlightEnd);
        } finally {
            if (inFlight != null) { // reading failed while a part was on its way: let it land before a retry lists parts
                try {
                    inFlight.handle((etag, failure) -> null).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Whether parts may be stored that no complete upload owns: {@link #abort()} removes them. */
    public boolean pending() {
        return uploadId != null && !completed;
    }

    /** Removes the stored parts (asynchronously); fails, like any S3 call, while the storage is away. */
    public CompletableFuture<Void> abort() {
        return client.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(target.bucket())
                .object(target.key()).uploadId(uploadId).build()).thenApply(done -> null);
    }

    public S3Url target() {
        return target;
    }

    public String uploadId() {
        return uploadId;
    }

    /**
     * The parts the storage holds that this upload can keep: 1, 2, 3… each of the size this upload gives it. A
     * part out of that sequence (a gap, another size) and all after it are sent again.
     */
    private List<Part> storedParts() throws Exception {
        List<Part> kept = new ArrayList<>();
        Integer marker = null;
        while (true) {
            ListPartsArgs.Builder args = ListPartsArgs.builder().bucket(target.bucket()).object(target.key())
                    .uploadId(uploadId);
            if (marker != null) {
                args.partNumberMarker(marker);
            }
            ListPartsResult page = await(client.listParts(args.build())).result();
            for (Part part : page.parts()) {
                int expected = kept.size() + 1;
                long expectedSize = Math.min(partSize, size - (long) (expected - 1) * partSize);
                if (part.partNumber() != expected || part.partSize() != expectedSize) {
                    return kept;
                }
                kept.add(new Part(part.partNumber(), part.etag()));
            }
            if (!page.isTruncated() || page.nextPartNumberMarker() == null) {
                return kept;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    private long partCount() {
        return Math.max(1, (size + partSize - 1) / partSize);
    }

    /** The call's result, or what it failed with (not wrapped), so callers classify the storage's own error. */
    private static <T> T await(CompletableFuture<T> call) throws Exception {
        try {
            return call.get();
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }
}

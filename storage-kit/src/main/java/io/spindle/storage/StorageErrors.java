package io.spindle.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.spindle.outbound.ForbiddenAddressException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Translates what an S3-compatible server answered into something a user can act on: a stable {@code kind}
 * and a sentence of advice. Used by the connection test now, and by the workers when a task fails.
 */
public final class StorageErrors {

    /**
     * One translated failure.
     *
     * @param kind      stable machine code ({@code wrong_secret}, {@code bucket_not_found}, …)
     * @param code      the storage's own error code, or the network failure's class
     * @param message   what the storage said
     * @param advice    what to do about it
     * @param retryable whether trying again later may succeed
     */
    public record Failure(String kind, String code, String message, String advice, boolean retryable) {
    }

    private record Advice(String kind, String advice, boolean retryable) {
    }

    private static final Map<String, Advice> BY_CODE = Map.ofEntries(
            Map.entry("SignatureDoesNotMatch", new Advice("wrong_secret",
                    "The secret access key does not match the access key id: check secret_access_key.", false)),
            Map.entry("InvalidAccessKeyId", new Advice("wrong_access_key",
                    "The storage does not know this access key id: check access_key_id (and that the endpoint is"
                            + " the right provider).", false)),
            Map.entry("AuthorizationHeaderMalformed", new Advice("wrong_region",
                    "The storage expects another region: set region to the bucket's region (R2 uses \"auto\").",
                    false)),
            Map.entry("PermanentRedirect", new Advice("wrong_region",
                    "The bucket lives in another region or behind another endpoint: set region and endpoint to the"
                            + " bucket's.", false)),
            Map.entry("IllegalLocationConstraintException", new Advice("wrong_region",
                    "The region does not match the bucket's: set region to the bucket's region.", false)),
            Map.entry("AccessDenied", new Advice("access_denied",
                    "The credentials are valid but not allowed to do this: grant the key s3:ListBucket,"
                            + " s3:GetObject, s3:PutObject and s3:DeleteObject on the bucket.", false)),
            Map.entry("AllAccessDisabled", new Advice("access_denied",
                    "All access to this bucket has been disabled by its owner.", false)),
            Map.entry("NoSuchBucket", new Advice("bucket_not_found",
                    "The bucket does not exist at this endpoint: check the bucket name, endpoint and region.", false)),
            Map.entry("NoSuchKey", new Advice("object_not_found",
                    "The object does not exist: check the key.", false)),
            Map.entry("AccessControlListNotSupported", new Advice("access_denied",
                    "The bucket refuses ACLs (bucket owner enforced).", false)),
            Map.entry("SlowDown", new Advice("throttled", "The storage is throttling requests: try again later.",
                    true)),
            Map.entry("ServiceUnavailable", new Advice("storage_unavailable",
                    "The storage is temporarily unavailable: try again later.", true)),
            Map.entry("InternalError", new Advice("storage_unavailable",
                    "The storage failed internally: try again later.", true)),
            Map.entry("RequestTimeTooSkewed", new Advice("clock_skew",
                    "The clocks of Spindle and the storage differ by more than 15 minutes: fix the clock (NTP).",
                    false)));

    private StorageErrors() {
    }

    public static Failure translate(Throwable error) {
        if (error instanceof ErrorResponseException e) {
            String code = e.errorResponse().code();
            String message = e.errorResponse().message();
            Advice advice = BY_CODE.get(code);
            if (advice == null && e.response() != null && e.response().code() == 403) {
                advice = BY_CODE.get("AccessDenied");
            }
            if (advice != null) {
                return new Failure(advice.kind(), code, message, advice.advice(), advice.retryable());
            }
            if (e.response() != null && e.response().code() == 404) {
                return new Failure("object_not_found", code, message, "The object does not exist: check the key.",
                        false);
            }
            boolean serverSide = e.response() != null && e.response().code() >= 500;
            return new Failure(serverSide ? "storage_unavailable" : "storage_error", code, message,
                    "The storage refused the request (" + code + ").", serverSide);
        }
        var refused = ForbiddenAddressException.in(error);
        if (refused.isPresent()) {
            return new Failure(ForbiddenAddressException.KIND, "ForbiddenAddress", refused.get().getMessage(),
                    refused.get().getMessage(), false);
        }
        Throwable cause = rootCause(error);
        if (cause instanceof ErrorResponseException answered) { // wrapped by an asynchronous call
            return translate(answered);
        }
        if (cause instanceof InvalidResponseException || cause instanceof ServerException) {
            return notS3(cause);
        }
        if (cause instanceof UnknownHostException) {
            return new Failure("unreachable", "UnknownHost", cause.getMessage(),
                    "The endpoint's host name does not resolve: check endpoint.", false);
        }
        if (cause instanceof ConnectException) {
            return new Failure("unreachable", "ConnectionRefused", cause.getMessage(),
                    "Nothing answers at the endpoint: check endpoint (scheme, host and port) and the network.", true);
        }
        if (cause instanceof SocketTimeoutException) {
            return new Failure("unreachable", "Timeout", cause.getMessage(),
                    "The endpoint did not answer in time: check endpoint and firewalls.", true);
        }
        if (cause instanceof SSLException) {
            return new Failure("tls_error", "TLS", cause.getMessage(),
                    "The TLS handshake failed: check that the endpoint uses https with a trusted certificate.", false);
        }
        if (cause instanceof IOException) {
            return new Failure("unreachable", cause.getClass().getSimpleName(), cause.getMessage(),
                    "The connection to the storage failed: check endpoint and the network.", true);
        }
        return new Failure("storage_error", cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()),
                "The request to the storage failed.", false);
    }

    /** How the MinIO client describes an answer that is not S3's XML: status and type, never the body. */
    private static final Pattern NON_XML = Pattern.compile("Response code: (\\d+), Content-Type: ([^,]*),");
    private static final Pattern STATUS = Pattern.compile("HTTP status code (\\d+)|status code: (\\d+)");

    /**
     * An endpoint that answers HTTP but not as an S3 API (another service, a console, a proxy's error page). The
     * answer's body is never quoted: it may be anything, including another service's internals.
     */
    private static Failure notS3(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        String status = "?";
        String type = "no content type";
        Matcher m = NON_XML.matcher(text);
        if (m.find()) {
            status = m.group(1);
            type = m.group(2).isBlank() ? type : m.group(2).strip();
        } else {
            Matcher s = STATUS.matcher(text);
            if (s.find()) {
                status = s.group(1) != null ? s.group(1) : s.group(2);
            }
        }
        boolean serverSide = status.startsWith("5");
        return new Failure(serverSide ? "storage_unavailable" : "not_s3_endpoint", "HTTP " + status,
                "not an S3 endpoint: HTTP " + status + ", " + type,
                serverSide ? "The endpoint failed without an S3 answer (HTTP " + status + "): try again later, or"
                        + " check that endpoint is the storage's S3 API."
                        : "The endpoint answers HTTP, but not as an S3 API: check endpoint (the storage's S3 API URL,"
                                + " not its console or another service).", serverSide);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof ErrorResponseException)) {
            t = t.getCause();
        }
        return t;
    }
}

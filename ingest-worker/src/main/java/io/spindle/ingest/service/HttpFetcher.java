package io.spindle.ingest.service;

import io.spindle.ingest.config.IngestConfig;
import io.spindle.outbound.ForbiddenAddressException;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.storage.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Opens an http(s) input as a stream: redirects followed by hand (bounded), every connection made through the
 * {@link OutboundPolicy}'s sockets (so each hop's address is checked where it is connected), a size limit checked
 * against {@code Content-Length} and enforced on the bytes read, and timeouts. Status codes become failures a
 * user can act on.
 */
public class HttpFetcher {

    private final IngestConfig config;
    private final OkHttpClient client;

    public HttpFetcher(IngestConfig config, OutboundPolicy policy) {
        this(config, policy, Dns.SYSTEM);
    }

    /** With the resolver given: tests use one that answers differently from one lookup to the next. */
    HttpFetcher(IngestConfig config, OutboundPolicy policy, Dns dns) {
        this.config = config;
        this.client = new OkHttpClient.Builder()
                .socketFactory(policy.sockets())
                .dns(dns)
                .proxy(Proxy.NO_PROXY) // a proxy would connect for us, past the policy
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /** An opened input. Close {@code body}. */
    public record Fetched(InputStream body, String contentType, Long length, URI finalUrl) {
    }

    public Fetched open(String url) {
        HttpUrl location = HttpUrl.parse(url);
        if (location == null) {
            throw TaskFailure.permanent("invalid_input", url + " is not a valid http or https URL.");
        }
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            Response response = send(location);
            int status = response.code();
            if (response.isRedirect()) {
                response.close();
                String next = response.header("Location");
                if (next == null) {
                    throw TaskFailure.permanent("input_unavailable", url + " answered " + status + " without a"
                            + " Location.");
                }
                HttpUrl resolved = location.resolve(next);
                if (resolved == null) {
                    throw TaskFailure.permanent("input_not_allowed", url + " redirects to '" + next + "': only http"
                            + " and https are followed.");
                }
                location = resolved;
                continue;
            }
            if (status != 200) {
                response.close();
                throw statusFailure(url, status);
            }
            long announced = response.body().contentLength();
            Long length = announced < 0 ? null : announced;
            if (length != null && length > config.maxBytes()) {
                response.close();
                throw tooLarge(url);
            }
            String type = response.header("Content-Type");
            type = type == null ? null : type.split(";")[0].trim();
            long max = config.maxBytes();
            InputStream limited = new CountingInputStream(response.body().byteStream(), count -> {
                if (count > max) { // whatever the server announced
                    throw tooLarge(url);
                }
            });
            return new Fetched(limited, type, length, location.uri());
        }
        throw TaskFailure.permanent("input_unavailable", url + " redirects more than " + config.maxRedirects()
                + " times.");
    }

    private Response send(HttpUrl location) {
        Request request = new Request.Builder().url(location)
                .header("User-Agent", "Spindle-Ingest/1")
                .header("Accept-Encoding", "identity") // the bytes as stored, and their real length
                .get().build();
        try {
            return client.newCall(request).execute();
        } catch (IOException e) {
            var refused = ForbiddenAddressException.in(e);
            if (refused.isPresent()) {
                throw TaskFailure.permanent(ForbiddenAddressException.KIND, refused.get().getMessage());
            }
            if (e instanceof UnknownHostException) {
                throw TaskFailure.permanent("input_not_found", location.host() + " does not resolve: check the url.");
            }
            if (e instanceof InterruptedIOException) {
                throw TaskFailure.retryable("input_unreachable", location.host() + " did not answer within "
                        + config.responseTimeout().toSeconds() + " s.");
            }
            throw TaskFailure.retryable("input_unreachable", "Could not connect to " + location.host() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()) + ".");
        }
    }

    private TaskFailure tooLarge(String url) {
        return TaskFailure.permanent("input_too_large", url + " is larger than the " + config.maxBytes()
                + "-byte limit (spindle.ingest.max-bytes).");
    }

    private static TaskFailure statusFailure(String url, int status) {
        return switch (status) {
            case 404, 410 -> TaskFailure.permanent("input_not_found", url + " answered " + status
                    + ": there is no file there.");
            case 401, 403 -> TaskFailure.permanent("access_denied", url + " answered " + status
                    + ": it needs credentials; use a signed URL or an s3:// url with a connection.");
            case 408, 425, 429, 500, 502, 503, 504 -> TaskFailure.retryable("input_unavailable", url + " answered "
                    + status + ".");
            default -> TaskFailure.permanent("input_unavailable", url + " answered " + status + ".");
        };
    }
}

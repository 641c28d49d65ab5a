package io.spindle.ingest.service;

import io.spindle.ingest.config.IngestConfig;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.storage.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/**
 * Opens an http(s) input as a stream: redirects followed by hand (bounded, each hop checked against the
 * address policy), a size limit checked against {@code Content-Length} and enforced on the bytes read, and
 * timeouts. Status codes become failures a user can act on.
 */
public class HttpFetcher {

    private final IngestConfig config;
    private final HttpClient client;

    public HttpFetcher(IngestConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .build();
    }

    /** An opened input. Close {@code body}. */
    public record Fetched(InputStream body, String contentType, Long length, URI finalUrl) {
    }

    public Fetched open(String url) {
        URI uri = URI.create(url);
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            checkAllowed(uri);
            HttpResponse<InputStream> response;
            try {
                response = client.send(HttpRequest.newBuilder(uri).timeout(config.responseTimeout())
                        .header("User-Agent", "Spindle-Ingest/1").GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw TaskFailure.retryable("input_unreachable", uri.getHost() + " did not answer within "
                        + config.responseTimeout().toSeconds() + " s.");
            } catch (IOException e) {
                throw TaskFailure.retryable("input_unreachable", "Could not connect to " + uri.getHost() + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()) + ".");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                close(response.body());
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    throw TaskFailure.permanent("input_unavailable", url + " answered " + status + " without a"
                            + " Location.");
                }
                uri = uri.resolve(location.get());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw TaskFailure.permanent("input_not_allowed", url + " redirects to " + uri.getScheme()
                            + ": only http and https are followed.");
                }
                continue;
            }
            if (status != 200) {
                close(response.body());
                throw statusFailure(url, status);
            }
            Long length = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst()
                    .orElse(null);
            if (length != null && length > config.maxBytes()) {
                close(response.body());
                throw tooLarge(url);
            }
            String type = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
                    .orElse(null);
            long max = config.maxBytes();
            InputStream limited = new CountingInputStream(response.body(), count -> {
                if (count > max) { // whatever the server announced
                    throw tooLarge(url);
                }
            });
            return new Fetched(limited, type, length, uri);
        }
        throw TaskFailure.permanent("input_unavailable", url + " redirects more than " + config.maxRedirects()
                + " times.");
    }

    private void checkAllowed(URI uri) {
        if (uri.getHost() == null) {
            throw TaskFailure.permanent("invalid_input", uri + " has no host.");
        }
        if (config.allowPrivateNetworks()) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (AddressPolicy.isInternal(address)) {
                    throw TaskFailure.permanent("input_not_allowed", uri.getHost() + " resolves to " + address
                            .getHostAddress() + ", a private or internal address; Spindle fetches only public"
                            + " URLs (operators can allow private networks with spindle.ingest.allow-private-networks).");
                }
            }
        } catch (UnknownHostException e) {
            throw TaskFailure.permanent("input_not_found", uri.getHost() + " does not resolve: check the url.");
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

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}

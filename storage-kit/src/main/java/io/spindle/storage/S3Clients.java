package io.spindle.storage;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.outbound.OutboundPolicy;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * Builds S3 clients for a connection. A customer's storage is reached through the {@link OutboundPolicy}'s
 * sockets, so its endpoint is checked at every connection; only the platform's own work storage, which the
 * operator configures, is reached directly ({@link #forWorkStorage}). Addressing: {@code path} and
 * {@code virtual} are taken as asked;
 * {@code auto} uses virtual-hosted style for AWS hosts and path style for everything else (MinIO, R2 with
 * custom endpoints, s3proxy, Ceph…), which is what non-AWS servers accept.
 */
public final class S3Clients {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private S3Clients() {
    }

    /** A client for a connection's storage, connecting only where {@code policy} allows. */
    public static MinioClient create(ConnectionCredentials credentials, OutboundPolicy policy) {
        return create(credentials, policy.sockets(), DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(5));
    }

    public static MinioClient create(ConnectionCredentials credentials, OutboundPolicy policy, Duration connectTimeout,
            Duration ioTimeout) {
        return create(credentials, policy.sockets(), connectTimeout, ioTimeout);
    }

    /** A client for the platform's own work storage (an operator's endpoint, not a user's). */
    public static MinioClient forWorkStorage(ConnectionCredentials credentials) {
        return create(credentials, SocketFactory.getDefault(), DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(5));
    }

    /** The asynchronous client for the platform's own work storage. */
    public static MinioAsyncClient asyncForWorkStorage(ConnectionCredentials credentials) {
        return createAsync(credentials, SocketFactory.getDefault());
    }

    /** The asynchronous client, for the S3 calls the blocking one does not offer (multipart upload steps). */
    public static MinioAsyncClient createAsync(ConnectionCredentials credentials, OutboundPolicy policy) {
        return createAsync(credentials, policy.sockets());
    }

    private static MinioClient create(ConnectionCredentials credentials, SocketFactory sockets,
            Duration connectTimeout, Duration ioTimeout) {
        MinioClient client = MinioClient.builder()
                .endpoint(credentials.endpoint())
                .region(credentials.region())
                .credentials(credentials.accessKeyId(), credentials.secretAccessKey())
                .httpClient(http(sockets, connectTimeout, ioTimeout), true)
                .build();
        if (usesVirtualHostedStyle(credentials.addressingStyle(), credentials.endpoint())) {
            client.enableVirtualStyleEndpoint();
        } else {
            client.disableVirtualStyleEndpoint();
        }
        return client;
    }

    private static MinioAsyncClient createAsync(ConnectionCredentials credentials, SocketFactory sockets) {
        MinioAsyncClient client = MinioAsyncClient.builder()
                .endpoint(credentials.endpoint())
                .region(credentials.region())
                .credentials(credentials.accessKeyId(), credentials.secretAccessKey())
                .httpClient(http(sockets, DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(5)), true)
                .build();
        if (usesVirtualHostedStyle(credentials.addressingStyle(), credentials.endpoint())) {
            client.enableVirtualStyleEndpoint();
        } else {
            client.disableVirtualStyleEndpoint();
        }
        return client;
    }

    private static OkHttpClient http(SocketFactory sockets, Duration connectTimeout, Duration ioTimeout) {
        return new OkHttpClient.Builder()
                .socketFactory(sockets)
                .proxy(Proxy.NO_PROXY) // a proxy would connect for us, past the policy
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(ioTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(ioTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(true)
                .build();
    }

    static boolean usesVirtualHostedStyle(String addressingStyle, String endpoint) {
        String style = addressingStyle == null ? "auto" : addressingStyle.toLowerCase(Locale.ROOT);
        return switch (style) {
            case "virtual" -> true;
            case "path" -> false;
            default -> isAwsHost(endpoint);
        };
    }

    static boolean isAwsHost(String endpoint) {
        String host = URI.create(endpoint).getHost();
        return host != null && (host.equals("amazonaws.com") || host.endsWith(".amazonaws.com"));
    }
}

package io.spindle.storage;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.spindle.contract.ConnectionCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Builds S3 clients for a connection. Addressing: {@code path} and {@code virtual} are taken as asked;
 * {@code auto} uses virtual-hosted style for AWS hosts and path style for everything else (MinIO, R2 with
 * custom endpoints, s3proxy, Ceph…), which is what non-AWS servers accept.
 */
public final class S3Clients {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private S3Clients() {
    }

    public static MinioClient create(ConnectionCredentials credentials) {
        return create(credentials, DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(5));
    }

    public static MinioClient create(ConnectionCredentials credentials, Duration connectTimeout, Duration ioTimeout) {
        MinioClient client = MinioClient.builder()
                .endpoint(credentials.endpoint())
                .region(credentials.region())
                .credentials(credentials.accessKeyId(), credentials.secretAccessKey())
                .httpClient(http(connectTimeout, ioTimeout), true)
                .build();
        if (usesVirtualHostedStyle(credentials.addressingStyle(), credentials.endpoint())) {
            client.enableVirtualStyleEndpoint();
        } else {
            client.disableVirtualStyleEndpoint();
        }
        return client;
    }

    /** The asynchronous client, for the S3 calls the blocking one does not offer (multipart upload steps). */
    public static MinioAsyncClient createAsync(ConnectionCredentials credentials) {
        MinioAsyncClient client = MinioAsyncClient.builder()
                .endpoint(credentials.endpoint())
                .region(credentials.region())
                .credentials(credentials.accessKeyId(), credentials.secretAccessKey())
                .httpClient(http(DEFAULT_CONNECT_TIMEOUT, Duration.ofMinutes(5)), true)
                .build();
        if (usesVirtualHostedStyle(credentials.addressingStyle(), credentials.endpoint())) {
            client.enableVirtualStyleEndpoint();
        } else {
            client.disableVirtualStyleEndpoint();
        }
        return client;
    }

    private static OkHttpClient http(Duration connectTimeout, Duration ioTimeout) {
        return new OkHttpClient.Builder()
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

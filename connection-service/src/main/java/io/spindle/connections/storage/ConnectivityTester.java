package io.spindle.connections.storage;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.spindle.connections.storage.ConnectionTestReport.Check;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.Ids;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.storage.S3Clients;
import io.spindle.storage.StorageErrors;
import io.spindle.storage.StorageErrors.Failure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Tries a connection's credentials against its endpoint, step by step, and says what worked and what did not.
 * Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class ConnectivityTester {

    static final String PROBE_PREFIX = ".spindle-connection-test/";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OutboundPolicy policy;

    public ConnectivityTester(OutboundPolicy policy) {
        this.policy = policy;
    }

    public ConnectionTestReport test(ConnectionCredentials credentials, String bucket) {
        List<Check> checks = new ArrayList<>();
        URI endpoint = URI.create(credentials.endpoint());
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = policy.sockets().createSocket()) { // refused before connecting where the policy says
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) TIMEOUT.toMillis());
            checks.add(Check.passed("reachable", endpoint.getHost() + ":" + port + " accepts connections"));
        } catch (IOException e) {
            checks.add(failed("reachable", StorageErrors.translate(e)));
            return finish(credentials, bucket, checks, "authenticated", "bucket_exists", "can_write", "can_delete");
        }

        MinioClient client = S3Clients.create(credentials, policy, TIMEOUT, TIMEOUT);
        if (bucket == null) {
            try {
                int count = client.listBuckets().size();
                checks.add(Check.passed("authenticated", "the credentials were accepted (" + count + " buckets visible)"));
            } catch (Exception e) {
                Failure f = StorageErrors.translate(e);
                if ("access_denied".equals(f.kind())) {
                    checks.add(Check.passed("authenticated", "the credentials were accepted; listing buckets is not"
                            + " allowed, which is fine for a bucket-scoped key"));
                } else {
                    checks.add(failed("authenticated", f));
                }
            }
            String why = "name a bucket ({\"bucket\": \"…\"}) to test it";
            checks.add(Check.skipped("bucket_exists", why));
            checks.add(Check.skipped("can_write", why));
            checks.add(Check.skipped("can_delete", why));
            return finish(credentials, null, checks);
        }

        try {
            Iterator<Result<Item>> it = client.listObjects(ListObjectsArgs.builder().bucket(bucket).maxKeys(1).build())
                    .iterator();
            if (it.hasNext()) {
                it.next().get();
            }
            checks.add(Check.passed("authenticated", "the credentials were accepted"));
            checks.add(Check.passed("bucket_exists", "bucket '" + bucket + "' exists and can be listed"));
        } catch (Exception e) {
            Failure f = StorageErrors.translate(e);
            switch (f.kind()) {
                case "bucket_not_found", "access_denied" -> {
                    checks.add(Check.passed("authenticated", "the credentials were accepted"));
                    checks.add(failed("bucket_exists", f));
                }
                default -> {
                    checks.add(failed("authenticated", f));
                    checks.add(Check.skipped("bucket_exists", "the credentials were not accepted"));
                }
            }
            return finish(credentials, bucket, checks, "can_write", "can_delete");
        }

        String probe = PROBE_PREFIX + Ids.randomToken(16);
        byte[] body = "Spindle connection test; safe to delete.".getBytes(StandardCharsets.UTF_8);
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(probe)
                    .stream(new ByteArrayInputStream(body), (long) body.length, -1L)
                    .contentType("text/plain").build());
            checks.add(Check.passed("can_write", "wrote " + probe));
        } catch (Exception e) {
            checks.add(failed("can_write", StorageErrors.translate(e)));
            return finish(credentials, bucket, checks, "can_delete");
        }
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(probe).build());
            checks.add(Check.passed("can_delete", "deleted " + probe));
        } catch (Exception e) {
            checks.add(failed("can_delete", StorageErrors.translate(e)));
        }
        return finish(credentials, bucket, checks);
    }

    private static Check failed(String name, Failure f) {
        return new Check(name, "failed", f.kind(), f.code(), f.message(), f.advice());
    }

    private static ConnectionTestReport finish(ConnectionCredentials credentials, String bucket, List<Check> checks,
            String... skipped) {
        for (String name : skipped) {
            checks.add(Check.skipped(name, "an earlier check failed"));
        }
        boolean ok = checks.stream().noneMatch(c -> c.status().equals("failed"));
        return new ConnectionTestReport("connection_test", credentials.connectionId(), ok, bucket, List.copyOf(checks));
    }
}

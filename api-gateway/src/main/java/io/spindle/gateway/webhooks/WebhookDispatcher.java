package io.spindle.gateway.webhooks;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.gateway.messaging.OutboxRelay;
import io.spindle.gateway.service.OutboxWriter;
import io.spindle.outbound.ForbiddenAddressException;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.servicekit.crypto.SecretUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jboss.logging.Logger;

/**
 * Sends pending deliveries. Every {@code spindle.webhooks.dispatch-interval}, a replica takes up to a batch of
 * due deliveries (rows locked with {@code skip locked}, then leased for longer than an attempt can take), so no two
 * replicas ever send one event to one endpoint at once, and sends them in parallel:
 * <ul>
 *   <li>a {@code POST} of the stored body with the Standard Webhooks headers, through sockets that obey the
 *       outbound address policy (no proxy, no redirects followed);</li>
 *   <li>any 2xx within {@code spindle.webhooks.timeout} is success; anything else is retried with exponential
 *       backoff and jitter until {@code spindle.webhooks.retry-for} after the event, then the delivery fails;</li>
 *   <li>an endpoint whose every attempt has failed for {@code spindle.webhooks.disable-after} is disabled, and a
 *       {@code webhook_endpoint.disabled} event says so.</li>
 * </ul>
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** How much longer than an attempt a lease lasts. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(20);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final WebhookAttemptRepository attempts;
    private final WebhookEndpoints service;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final WebhooksConfig config;
    private final OkHttpClient client;

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints,
            WebhookAttemptRepository attempts, WebhookEndpoints service, OutboxWriter outbox, OutboxRelay relay,
            WebhooksConfig config, OutboundPolicy policy) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.attempts = attempts;
        this.service = service;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.client = new OkHttpClient.Builder()
                .socketFactory(policy.sockets())
                .proxy(Proxy.NO_PROXY) // a proxy would connect for us, past the policy
                .followRedirects(false).followSslRedirects(false)
                .callTimeout(config.timeout()).connectTimeout(config.timeout()).readTimeout(config.timeout())
                .retryOnConnectionFailure(false)
                .build();
    }

    /** What one attempt came to. */
    record Outcome(boolean succeeded, Integer code, int durationMs, String error) {
    }

    /** A delivery taken for an attempt, with what it is sent with. */
    record Job(WebhookDelivery delivery, String url, List<String> secrets) {
    }

    /** What an attempt at a delivery came to. */
    record Tried(String deliveryId, Outcome outcome) {
    }

    @Scheduled(every = "${spindle.webhooks.dispatch-interval:1s}", delayed = "${spindle.webhooks.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.deliver()) {
            return Uni.createFrom().voidItem();
        }
        return dispatchDue().onFailure().invoke(e -> LOG.warnf("webhook deliveries not sent yet: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends the deliveries that are due, a batch at a time, until none is left; returns how many were tried. */
    public Uni<Integer> dispatchDue() {
        // the requests go out in parallel; their outcomes are stored one after the other (one session at a time
        // on this context)
        return take().flatMap(jobs -> jobs.isEmpty() ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(jobs).onItem().transformToUniAndMerge(this::attempt).collect().asList()
                        .flatMap(outcomes -> Multi.createFrom().iterable(outcomes).onItem()
                                .transformToUniAndConcatenate(this::record).collect().asList()
                                // an endpoint disabled wrote an event: publish it now (else the relay's schedule does)
                                .invoke(disabled -> {
                                    if (disabled.contains(true)) {
                                        relay.nudge();
                                    }
                                }))
                        .flatMap(done -> jobs.size() < config.batch() ? Uni.createFrom().item(done.size())
                                : dispatchDue().map(more -> more + done.size())));
    }

    /** Locks and leases a batch of due deliveries of enabled endpoints. */
    private Uni<List<Job>> take() {
        Instant now = WebhookEndpoints.now();
        return Panache.withTransaction(() -> deliveries.lockDue(now, config.batch()).flatMap(due -> Multi.createFrom()
                .iterable(due).onItem().transformToUniAndConcatenate(d -> endpoints.findById(d.endpointId).map(e -> {
                    d.leasedUntil = now.plus(config.timeout()).plus(LEASE_MARGIN);
                    return e != null && e.enabled ? job(d, e, now) : null;
                })).filter(job -> job != null).collect().asList()));
    }

    /** The delivery with what it is sent with; without secrets when they cannot be opened (the attempt fails). */
    private Job job(WebhookDelivery d, WebhookEndpoint e, Instant now) {
        try {
            return new Job(d, e.url, service.signingSecrets(e, now));
        } catch (SecretUnavailableException ex) {
            LOG.errorf("webhook endpoint %s: its signing secret cannot be opened (%s); rotate it", e.id,
                    ex.getMessage());
            return new Job(d, e.url, null);
        }
    }

    private Uni<Tried> attempt(Job job) {
        WebhookDelivery d = job.delivery();
        if (job.secrets() == null) {
            return Uni.createFrom().item(new Tried(d.id, new Outcome(false, null, 0, "not sent: the endpoint's"
                    + " signing secret cannot be opened; rotate it (POST /webhooks/endpoints/{id}/rotate-secret)")));
        }
        long timestamp = Instant.now().getEpochSecond();
        Request request;
        try {
            request = new Request.Builder().url(job.url())
                    .header(WebhookSignature.ID, d.eventId)
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.header(d.eventId, timestamp, d.body,
                            job.secrets()))
                    .header("User-Agent", "Spindle-Webhooks/1")
                    .post(RequestBody.create(d.body, JSON))
                    .build();
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new Tried(d.id, new Outcome(false, null, 0, "not sent: " + e.getMessage())));
        }
        long started = System.nanoTime();
        // OkHttp answers on its own threads; the outcome is stored back on this Vert.x context (Hibernate Reactive)
        Context context = Vertx.currentContext();
        return Uni.createFrom().<Outcome>emitter(emitter -> client.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    int code = response.code();
                    boolean ok = code >= 200 && code < 300;
                    done(new Outcome(ok, code, millisSince(started), ok ? null : "answered HTTP " + code));
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                done(new Outcome(false, null, millisSince(started), describe(e)));
            }

            private void done(Outcome outcome) {
                if (context == null) {
                    emitter.complete(outcome);
                } else {
                    context.runOnContext(v -> emitter.complete(outcome));
                }
            }
        })).map(outcome -> new Tried(d.id, outcome));
    }

    /** Stores the attempt and what follows from it; says whether it disabled the endpoint. */
    private Uni<Boolean> record(Tried tried) {
        String deliveryId = tried.deliveryId();
        Outcome outcome = tried.outcome();
        Instant now = WebhookEndpoints.now();
        return Panache.withTransaction(() -> deliveries.findById(deliveryId).flatMap(d -> d == null
                ? Uni.createFrom().item(false) // its endpoint was deleted meanwhile
                : endpoints.findById(d.endpointId).flatMap(e -> {
                    WebhookAttempt a = new WebhookAttempt();
                    a.deliveryId = d.id;
                    a.number = d.attempts + 1;
                    a.attemptedAt = now;
                    a.succeeded = outcome.succeeded();
                    a.responseCode = outcome.code();
                    a.durationMs = outcome.durationMs();
                    a.error = outcome.error();
                    d.attempts = a.number;
                    d.leasedUntil = null;
                    d.updatedAt = now;
                    if (outcome.succeeded()) {
                        d.status = WebhookDelivery.SUCCEEDED;
                        d.nextAttemptAt = null;
                        e.failingSince = null;
                        return attempts.persist(a).replaceWith(false);
                    }
                    {
                        Instant next = now.plus(backoff(a.number));
                        if (next.isAfter(d.createdAt.plus(config.retryFor()))) {
                            d.status = WebhookDelivery.FAILED;
                            d.nextAttemptAt = null;
                            LOG.infof("delivery %s of %s to %s given up after %d attempts", d.id, d.eventId, e.id,
                                    a.number);
                        } else {
                            d.nextAttemptAt = next;
                        }
                    }
                    return attempts.persist(a).chain(() -> failing(e, now));
                })));
    }

    /** Marks the endpoint failing; disables it once it has failed for long enough (and says whether it did). */
    private Uni<Boolean> failing(WebhookEndpoint e, Instant now) {
        if (e.failingSince == null) {
            e.failingSince = now;
        }
        if (!e.enabled || e.failingSince.plus(config.disableAfter()).isAfter(now)) {
            return Uni.createFrom().item(false);
        }
        e.enabled = false;
        e.disabledReason = "Every delivery attempt failed from " + e.failingSince + " to " + now + " ("
                + humane(config.disableAfter()) + " or more); fix the endpoint, then enable it again with PATCH"
                + " {\"enabled\": true}. Pending deliveries are sent once it is enabled.";
        e.updatedAt = now;
        LOG.warnf("webhook endpoint %s of project %s disabled: failing since %s", e.id, e.projectId, e.failingSince);
        return outbox.batch().projectEvent(EventTypes.WEBHOOK_ENDPOINT_DISABLED, e.projectId, e.id,
                service.view(e, null), now).write().replaceWith(true);
    }

    private Duration backoff(int n) {
        return backoff(n, config.initialBackoff(), config.maxBackoff(), ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The wait after attempt {@code n} failed: {@code initial} doubled for each attempt before it, at most
     * {@code max}, times 0.8 to 1.2 ({@code random} in [0, 1)), so that the retries of many deliveries spread out.
     */
    static Duration backoff(int n, Duration initial, Duration max, double random) {
        long base = initial.toMillis() << Math.min(Math.max(n - 1, 0), 30);
        long capped = Math.min(base < 0 ? Long.MAX_VALUE : base, max.toMillis());
        return Duration.ofMillis((long) (capped * (0.8 + 0.4 * random)));
    }

    private String describe(IOException e) {
        if (ForbiddenAddressException.in(e).isPresent()) {
            return ForbiddenAddressException.in(e).get().getMessage();
        }
        if (e instanceof InterruptedIOException) {
            return "no answer within " + humane(config.timeout());
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static int millisSince(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    private static String humane(Duration d) {
        long s = d.toSeconds();
        return s % 86400 == 0 ? s / 86400 + " d" : s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min"
                : s + " s";
    }

    void onStop(@Observes ShutdownEvent event) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}

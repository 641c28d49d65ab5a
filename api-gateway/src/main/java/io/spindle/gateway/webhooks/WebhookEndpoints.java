package io.spindle.gateway.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.gateway.rest.Page;
import io.spindle.gateway.service.Lookups;
import io.spindle.servicekit.crypto.SecretCipher;
import io.spindle.servicekit.outbound.AddressCheck;
import io.spindle.servicekit.persistence.DatabaseFailures;
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Webhook endpoints of a project: create (answering the signing secret once), list, read, change, delete, rotate
 * the secret (the old one keeps signing for {@code spindle.webhooks.previous-secret-valid-for}), and the deliveries
 * made to an endpoint, one of which can be sent again. Secrets are sealed at rest like connection secrets.
 */
@Startup // its SecretCipher refuses a bad or missing spindle.encryption.keys at start-up, not at the first request
@ApplicationScoped
public class WebhookEndpoints {

    static final int MAX_URL = 2048;
    static final String ALL = "*";

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final SecretCipher cipher;
    private final AddressCheck addresses;
    private final WebhooksConfig config;
    private final ObjectMapper json;

    public WebhookEndpoints(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
            WebhookAttemptRepository attempts, SecretCipher cipher, AddressCheck addresses, WebhooksConfig config,
            ObjectMapper json) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.cipher = cipher;
        this.addresses = addresses;
        this.config = config;
        this.json = json;
    }

    /** What a create call answers: the endpoint, and whether it was made now or by an earlier call with its key. */
    public record Created(WebhookEndpointView endpoint, boolean isNew) {
    }

    public Uni<Created> create(String projectId, WebhookEndpointRequest request, String idempotencyKey) {
        if (request == null) {
            throw new ApiException(Problem.invalidInput("The request body must be a JSON object with url and"
                    + " topics.", List.of()));
        }
        Lookups.checkIdempotencyKey("Idempotency-Key", idempotencyKey);
        List<FieldError> errors = new ArrayList<>();
        URI url = url(request.url(), true, errors);
        List<String> topics = topics(request.topics(), true, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.invalidInput(errors));
        }
        Uni<Created> earlier = idempotencyKey == null ? Uni.createFrom().nullItem()
                : existing(projectId, idempotencyKey).map(e -> e == null ? null : new Created(view(e, secretOf(e)),
                        false));
        return earlier.flatMap(found -> found != null ? Uni.createFrom().item(found)
                : addresses.check("url", url).chain(() -> insert(projectId, url, topics, request.enabled(),
                        idempotencyKey)).map(e -> new Created(e, true))
                        // the same key, used meanwhile by a concurrent call: answer that endpoint
                        .onFailure(e -> DatabaseFailures.violates(e, WebhookEndpointRepository.REQUEST_INDEX)).recoverWithUni(() -> existing(projectId,
                                idempotencyKey).map(e -> new Created(view(e, secretOf(e)), false))));
    }

    @WithSession
    Uni<WebhookEndpoint> existing(String projectId, String key) {
        return endpoints.findByRequest(projectId, key);
    }

    @WithTransaction
    Uni<WebhookEndpointView> insert(String projectId, URI url, List<String> topics, Boolean enabled, String key) {
        Instant now = now();
        WebhookEndpoint e = new WebhookEndpoint();
        e.id = Ids.newId(IdKind.WEBHOOK_ENDPOINT);
        e.projectId = projectId;
        e.url = url.toString();
        e.topics = write(topics);
        e.enabled = enabled == null || enabled;
        String secret = seal(e, WebhookSignature.newSecret());
        e.requestId = key;
        e.createdAt = now;
        e.updatedAt = now;
        return endpoints.persist(e).map(stored -> view(stored, secret));
    }

    @WithSession
    public Uni<WebhookEndpointView> get(String projectId, String id) {
        return find(projectId, id).map(e -> view(e, null));
    }

    @WithSession
    public Uni<Page<WebhookEndpointView>> list(String projectId, String limit, String after) {
        int size = QueryParams.pageSize(limit);
        return Lookups.cursor(IdKind.WEBHOOK_ENDPOINT, "webhook endpoint", after,
                id -> endpoints.findInProject(projectId, id)).flatMap(c -> endpoints.page(projectId, c, size + 1))
                .map(rows -> Page.of(rows.stream().map(e -> view(e, null)).toList(), size, WebhookEndpointView::id));
    }

    public Uni<WebhookEndpointView> update(String projectId, String id, WebhookEndpointRequest request) {
        if (request == null) {
            throw new ApiException(Problem.invalidInput("The request body must be a JSON object.", List.of()));
        }
        List<FieldError> errors = new ArrayList<>();
        URI url = url(request.url(), false, errors);
        List<String> topics = topics(request.topics(), false, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.invalidInput(errors));
        }
        Uni<Void> checked = url == null ? Uni.createFrom().voidItem() : addresses.check("url", url);
        return checked.chain(() -> change(projectId, id, url, topics, request.enabled()));
    }

    @WithTransaction
    Uni<WebhookEndpointView> change(String projectId, String id, URI url, List<String> topics, Boolean enabled) {
        return find(projectId, id).map(e -> {
            if (url != null) {
                e.url = url.toString();
            }
            if (topics != null) {
                e.topics = write(topics);
            }
            if (enabled != null) {
                e.enabled = enabled;
                if (enabled) { // enabled again by its owner: a fresh start
                    e.disabledReason = null;
                    e.failingSince = null;
                }
            }
            e.updatedAt = now();
            return view(e, null);
        });
    }

    /** Deletes the endpoint and its deliveries. */
    @WithTransaction
    public Uni<Void> delete(String projectId, String id) {
        return find(projectId, id).flatMap(endpoints::delete);
    }

    /** A new secret, answered once; the one it replaces keeps signing for the configured time. */
    @WithTransaction
    public Uni<WebhookEndpointView> rotateSecret(String projectId, String id) {
        return find(projectId, id).map(e -> {
            Instant now = now();
            e.previousKeyId = e.secretKeyId;
            e.previousSecret = e.secret;
            e.previousExpiresAt = now.plus(config.previousSecretValidFor());
            String secret = seal(e, WebhookSignature.newSecret());
            e.updatedAt = now;
            return view(e, secret);
        });
    }

    /** The endpoint's deliveries, newest first, each with its attempts. */
    @WithSession
    public Uni<Page<WebhookDeliveryView>> deliveries(String projectId, String id, String limit, String after) {
        int size = QueryParams.pageSize(limit);
        return find(projectId, id).flatMap(e -> Lookups.cursor(IdKind.WEBHOOK_DELIVERY, "delivery", after,
                        deliveryId -> deliveries.findOfEndpoint(e.id, deliveryId))
                .flatMap(cursor -> deliveries.page(e.id, cursor, size + 1)))
                .flatMap(rows -> {
                    List<WebhookDelivery> page = rows.size() > size ? rows.subList(0, size) : rows;
                    return attempts.ofDeliveries(page.stream().map(d -> d.id).toList()).map(all -> {
                        Map<String, List<WebhookAttempt>> byDelivery = all.stream()
                                .collect(Collectors.groupingBy(a -> a.deliveryId));
                        return Page.of(rows.stream().map(d -> view(d, byDelivery.getOrDefault(d.id, List.of())))
                                .toList(), size, WebhookDeliveryView::id);
                    });
                });
    }

    /** Sends a delivery again now, whatever it came to before (a new attempt is added to it). */
    @WithTransaction
    public Uni<WebhookDeliveryView> resend(String projectId, String id, String deliveryId) {
        return find(projectId, id).flatMap(e -> Lookups.byId(IdKind.WEBHOOK_DELIVERY, "webhook delivery", "delivery_id",
                deliveryId, d -> deliveries.findOfEndpoint(e.id, d))).flatMap(d -> {
            Instant now = now();
            d.status = WebhookDelivery.PENDING;
            d.nextAttemptAt = now;
            d.leasedUntil = null;
            d.updatedAt = now;
            return attempts.ofDeliveries(List.of(d.id)).map(all -> view(d, all));
        });
    }

    private Uni<WebhookEndpoint> find(String projectId, String id) {
        return Lookups.byId(IdKind.WEBHOOK_ENDPOINT, "webhook endpoint", id, e -> endpoints.findInProject(projectId, e));
    }

    /** The secrets a delivery is signed with now: the current one, and the previous one while it is valid. */
    List<String> signingSecrets(WebhookEndpoint e, Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secretOf(e)));
        if (e.previousSecret != null && e.previousExpiresAt != null && e.previousExpiresAt.isAfter(now)) {
            secrets.add(cipher.open(new SecretCipher.Sealed(e.previousKeyId, e.previousSecret), e.id));
        }
        return secrets;
    }

    /** Whether the endpoint wants events of this type ({@code *}: every event of its project). */
    boolean wants(WebhookEndpoint e, String type) {
        List<String> topics = topicsOf(e);
        return topics.contains(ALL) || topics.contains(type);
    }

    /** Seals {@code secret} into the endpoint; returns it. */
    private String seal(WebhookEndpoint e, String secret) {
        SecretCipher.Sealed sealed = cipher.seal(secret, e.id);
        e.secretKeyId = sealed.keyId();
        e.secret = sealed.payload();
        return secret;
    }

    private String secretOf(WebhookEndpoint e) {
        return cipher.open(new SecretCipher.Sealed(e.secretKeyId, e.secret), e.id);
    }

    /** The endpoint as the API shows it; {@code secret} only in the answers that show it (else null). */
    WebhookEndpointView view(WebhookEndpoint e, String secret) {
        return new WebhookEndpointView(e.id, WebhookEndpointView.OBJECT, e.url, topicsOf(e), e.enabled, secret,
                e.disabledReason, e.failingSince, e.createdAt, e.updatedAt);
    }

    static WebhookDeliveryView view(WebhookDelivery d, List<WebhookAttempt> tries) {
        return new WebhookDeliveryView(d.id, WebhookDeliveryView.OBJECT, d.endpointId, d.eventId, d.eventKind,
                d.status, d.attempts, WebhookDelivery.PENDING.equals(d.status) ? d.nextAttemptAt : null,
                tries.stream().map(a -> new WebhookDeliveryView.Attempt(a.number, a.attemptedAt, a.succeeded,
                        a.responseCode, a.durationMs, a.error)).toList(), d.createdAt, d.updatedAt);
    }

    private List<String> topicsOf(WebhookEndpoint e) {
        try {
            return json.readValue(e.topics, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored topics of " + e.id + " are not a JSON array", ex);
        }
    }

    private String write(List<String> topics) {
        try {
            return json.writeValueAsString(topics);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The URL, or null when absent (and not required); problems go to {@code errors}. */
    private static URI url(String raw, boolean required, List<FieldError> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError("url", "is required: the https URL that receives the events"));
            }
            return null;
        }
        if (raw.length() > MAX_URL) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + ")"));
            return null;
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            errors.add(new FieldError("url", "must be an https:// URL with a host, no user name and no fragment,"
                    + " such as https://example.com/webhooks/spindle"));
            return null;
        }
        return uri;
    }

    /** The topics, deduplicated in their order, or null when absent (and not required). */
    private static List<String> topics(List<String> raw, boolean required, List<FieldError> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError("topics", "is required: the event types to deliver (" + String.join(", ",
                        EventTypes.WEBHOOK_TOPICS) + "), or [\"*\"] for all"));
            }
            return null;
        }
        if (raw.isEmpty()) {
            errors.add(new FieldError("topics", "must name at least one event type, or \"*\" for all"));
            return null;
        }
        LinkedHashSet<String> topics = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String topic = raw.get(i);
            if (topic == null || !topic.equals(ALL) && !EventTypes.WEBHOOK_TOPICS.contains(topic)) {
                errors.add(new FieldError("topics[" + i + "]", "must be one of " + String.join(", ",
                        EventTypes.WEBHOOK_TOPICS) + ", or \"*\" for all"));
            } else {
                topics.add(topic);
            }
        }
        return topics.contains(ALL) ? List.of(ALL) : List.copyOf(topics);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

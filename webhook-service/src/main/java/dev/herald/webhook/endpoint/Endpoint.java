package dev.herald.webhook.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;
import dev.herald.webhook.signing.WebhookSigner;

/** A tenant's webhook endpoint: where events go, which ones, and the secrets that sign them. */
@Entity
@Table(name = "webhook_endpoint")
public class Endpoint {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";
    public static final String DELETED = "deleted";

    /** Why an endpoint is disabled. */
    public static final String BY_TENANT = "disabled_by_tenant";

    public static final String GONE = "endpoint_gone";
    public static final String FAILING = "failing_for_days";

    @Id
    private String id;

    private String workspaceId;
    private String url;
    private String description;
    private String secret;
    private String previousSecret;
    private Instant previousSecretExpiresAt;
    private String eventTypes;
    private String metadata;
    private String status;
    private String disabledReason;
    private Instant failingSince;
    private Instant createdAt;
    private Instant updatedAt;

    protected Endpoint() {
        // for JPA
    }

    public static Endpoint register(
            String workspaceId,
            String url,
            String description,
            List<String> eventTypes,
            String metadataJson,
            Instant now) {
        Endpoint endpoint = new Endpoint();
        endpoint.id = Ids.newId("whep");
        endpoint.workspaceId = workspaceId;
        endpoint.url = url;
        endpoint.description = description;
        endpoint.secret = WebhookSigner.newSecret();
        endpoint.eventTypes = join(eventTypes);
        endpoint.metadata = metadataJson;
        endpoint.status = ENABLED;
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        return endpoint;
    }

    /** Whether this endpoint wants events of this type (no filter: every type). */
    public boolean wants(String eventType) {
        return eventTypes == null || eventTypes().contains(eventType);
    }

    public void changeUrl(String newUrl, Instant now) {
        url = newUrl;
        updatedAt = now;
    }

    public void describe(String newDescription, Instant now) {
        description = newDescription;
        updatedAt = now;
    }

    /** {@code null} or empty: every event type. */
    public void subscribe(List<String> types, Instant now) {
        eventTypes = join(types);
        updatedAt = now;
    }

    public void tag(String metadataJson, Instant now) {
        metadata = metadataJson;
        updatedAt = now;
    }

    /** A new secret; the current one keeps signing (beside the new one) for {@code overlap}. Returns the new one. */
    public String rotateSecret(Duration overlap, Instant now) {
        previousSecret = secret;
        previousSecretExpiresAt = now.plus(overlap);
        secret = WebhookSigner.newSecret();
        updatedAt = now;
        return secret;
    }

    /** The secrets that sign a message sent at {@code now}: the current one, and the previous during the overlap. */
    public List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }

    public void disable(String reason, Instant now) {
        if (DELETED.equals(status)) {
            return;
        }
        status = DISABLED;
        disabledReason = reason;
        updatedAt = now;
    }

    /** Enabled again: the failure streak starts over. */
    public void enable(Instant now) {
        if (DELETED.equals(status)) {
            return;
        }
        status = ENABLED;
        disabledReason = null;
        failingSince = null;
        updatedAt = now;
    }

    public void delete(Instant now) {
        status = DELETED;
        updatedAt = now;
    }

    /** A 2xx: the endpoint works, whatever failed before. */
    public void attemptSucceeded() {
        failingSince = null;
    }

    /**
     * A failed attempt. Returns {@code true} when it disables the endpoint: nothing but failures for
     * {@code disableAfter} (Svix's rule).
     */
    public boolean attemptFailed(Duration disableAfter, Instant now) {
        if (failingSince == null) {
            failingSince = now;
            return false;
        }
        if (isEnabled() && !now.isBefore(failingSince.plus(disableAfter))) {
            disable(FAILING, now);
            return true;
        }
        return false;
    }

    public boolean isEnabled() {
        return ENABLED.equals(status);
    }

    public boolean isDeleted() {
        return DELETED.equals(status);
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    public String secret() {
        return secret;
    }

    public List<String> eventTypes() {
        return eventTypes == null ? null : List.of(eventTypes.split(","));
    }

    public String metadata() {
        return metadata;
    }

    public String status() {
        return status;
    }

    public String disabledReason() {
        return disabledReason;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    private static String join(List<String> types) {
        if (types == null || types.isEmpty()) {
            return null;
        }
        return String.join(",", types.stream().distinct().sorted().toList());
    }
}

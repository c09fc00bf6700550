package dev.herald.webhook.endpoint;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;
import dev.herald.webhook.signing.WebhookSigner;

/** A tenant's webhook endpoint and its signing secret. */
@Entity
@Table(name = "webhook_endpoint")
public class Endpoint {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";

    @Id
    private String id;

    private String workspaceId;
    private String url;
    private String description;
    private String secret;
    private String status;
    private Instant createdAt;
    private Instant updatedAt;

    protected Endpoint() {
        // for JPA
    }

    public static Endpoint register(String workspaceId, String url, String description, Instant now) {
        Endpoint endpoint = new Endpoint();
        endpoint.id = Ids.newId("whep");
        endpoint.workspaceId = workspaceId;
        endpoint.url = url;
        endpoint.description = description;
        endpoint.secret = WebhookSigner.newSecret();
        endpoint.status = ENABLED;
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        return endpoint;
    }

    /** The endpoint told us it is gone for good (HTTP 410). */
    public void disable(Instant now) {
        status = DISABLED;
        updatedAt = now;
    }

    public boolean isEnabled() {
        return ENABLED.equals(status);
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

    public String status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

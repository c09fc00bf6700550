package dev.herald.webhook.delivery;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/** One HTTP attempt of a delivery, as sent and as answered: the tenant's debugging log. */
@Entity
@Table(name = "webhook_attempt")
public class Attempt {

    /** Only the first KB of a response body is kept. */
    public static final int MAX_BODY = 1024;

    public static final String SCHEDULED = "scheduled";
    public static final String MANUAL = "manual";

    @Id
    private String id;

    private String deliveryId;
    private String endpointId;
    private String workspaceId;
    private Instant attemptedAt;
    private String url;
    private String requestHeaders;
    private Integer responseStatus;
    private String responseBody;
    private long durationMs;
    private String error;
    private String trigger;

    protected Attempt() {
        // for JPA
    }

    public static Attempt of(
            Delivery delivery,
            Instant attemptedAt,
            String url,
            String requestHeadersJson,
            Integer responseStatus,
            String responseBody,
            long durationMs,
            String error) {
        Attempt attempt = new Attempt();
        attempt.id = Ids.newId("whatt");
        attempt.deliveryId = delivery.id();
        attempt.endpointId = delivery.endpointId();
        attempt.workspaceId = delivery.workspaceId();
        attempt.attemptedAt = attemptedAt;
        attempt.url = url;
        attempt.requestHeaders = requestHeadersJson;
        attempt.responseStatus = responseStatus;
        attempt.responseBody = responseBody == null || responseBody.length() <= MAX_BODY
                ? responseBody
                : responseBody.substring(0, MAX_BODY);
        attempt.durationMs = durationMs;
        attempt.error = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        attempt.trigger = delivery.manual() ? MANUAL : SCHEDULED;
        return attempt;
    }

    public String id() {
        return id;
    }

    public String deliveryId() {
        return deliveryId;
    }

    public Instant attemptedAt() {
        return attemptedAt;
    }

    public String url() {
        return url;
    }

    public String requestHeaders() {
        return requestHeaders;
    }

    public Integer responseStatus() {
        return responseStatus;
    }

    public String responseBody() {
        return responseBody;
    }

    public long durationMs() {
        return durationMs;
    }

    public String error() {
        return error;
    }

    public String trigger() {
        return trigger;
    }
}

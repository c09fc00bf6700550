package dev.herald.kit.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * Runs a creating request at most once per {@code Idempotency-Key} and workspace (IETF
 * draft-ietf-httpapi-idempotency-key-header, Stripe's semantics). The key is claimed in its own short transaction;
 * the effect and the stored response commit together, so a crash leaves either nothing or both. Same key and same
 * body: the first response again, byte for byte ({@code Idempotent-Replayed: true}); same key, other body: 422
 * {@code idempotency_key_reused}; while the first is still running: 409 {@code idempotency_request_in_progress}. A
 * request that fails (4xx or 5xx) stores nothing and frees its key.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final ObjectMapper canonical;
    private final Duration retention;
    private final Duration inFlightLease;

    public IdempotentRequests(
            EntityManager entityManager,
            ObjectMapper mapper,
            @ConfigProperty(name = "herald.idempotency.retention", defaultValue = "48h") Duration retention,
            @ConfigProperty(name = "herald.idempotency.in-flight-lease", defaultValue = "60s") Duration lease) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.canonical = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.retention = retention;
        this.inFlightLease = lease;
    }

    /**
     * @param key the header value, or {@code null} (then the action simply runs, in one transaction)
     * @param operation what is being done, e.g. {@code POST /v1/posts}; part of the fingerprint
     * @param body the raw request body; compared as JSON (formatting and key order do not matter)
     * @param action the effect; runs in the transaction that also stores its response
     */
    public Response run(
            String workspaceId, String key, String operation, String body, Supplier<IdempotentResult> action) {
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(() -> toResponse(action.get(), false));
        }
        checkKey(key);
        String fingerprint = fingerprint(operation, body);
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(workspaceId, key, fingerprint));
        if (claim.replay() != null) {
            return claim.replay();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                IdempotentResult result = action.get();
                String json = mapper.writeValueAsString(result.entity());
                entityManager
                        .createNativeQuery(
                                "UPDATE idempotency_record SET state = 'completed', response_status = :status,"
                                        + " response_body = :body, location = :location, completed_at = now()"
                                        + " WHERE workspace_id = :ws AND idem_key = :key")
                        .setParameter("status", result.status())
                        .setParameter("body", json)
                        .setParameter("location", result.location())
                        .setParameter("ws", workspaceId)
                        .setParameter("key", key)
                        .executeUpdate();
                return response(result.status(), json, result.location(), false);
            });
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew()
                    .run(() -> entityManager
                            .createNativeQuery(
                                    "DELETE FROM idempotency_record WHERE workspace_id = :ws AND idem_key = :key"
                                            + " AND state = 'in_flight'")
                            .setParameter("ws", workspaceId)
                            .setParameter("key", key)
                            .executeUpdate());
            throw e;
        }
    }

    private Claim claim(String workspaceId, String key, String fingerprint) {
        int inserted = entityManager
                .createNativeQuery(
                        "INSERT INTO idempotency_record (workspace_id, idem_key, fingerprint, state, locked_at)"
                                + " VALUES (:ws, :key, :fp, 'in_flight', now()) ON CONFLICT DO NOTHING")
                .setParameter("ws", workspaceId)
                .setParameter("key", key)
                .setParameter("fp", fingerprint)
                .executeUpdate();
        if (inserted == 1) {
            return new Claim(null);
        }
        Object[] row = (Object[]) entityManager
                .createNativeQuery("SELECT fingerprint, state, response_status, response_body, location,"
                        + " locked_at < now() - make_interval(secs => :lease) FROM idempotency_record"
                        + " WHERE workspace_id = :ws AND idem_key = :key FOR UPDATE")
                .setParameter("ws", workspaceId)
                .setParameter("key", key)
                .setParameter("lease", (double) inFlightLease.toSeconds())
                .getSingleResult();
        if (!fingerprint.equals(row[0])) {
            throw new ApiException(
                    422,
                    "idempotency_key_reused",
                    "This Idempotency-Key was used with a different request.",
                    List.of(new ApiError.Detail(HEADER, "reused", "Use a new key for a new request.")));
        }
        if ("completed".equals(row[1])) {
            return new Claim(response(((Number) row[2]).intValue(), (String) row[3], (String) row[4], true));
        }
        if (!Boolean.TRUE.equals(row[5])) {
            throw new ApiException(
                    409,
                    "idempotency_request_in_progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        // The first holder died mid-request (its lease ran out): this request takes the key over.
        entityManager
                .createNativeQuery("UPDATE idempotency_record SET locked_at = now()"
                        + " WHERE workspace_id = :ws AND idem_key = :key")
                .setParameter("ws", workspaceId)
                .setParameter("key", key)
                .executeUpdate();
        return new Claim(null);
    }

    /** Records are kept at least {@code herald.idempotency.retention} (48 h by default, the contract says 24 h). */
    @Scheduled(every = "1h", delayed = "1m")
    void purgeExpired() {
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery("DELETE FROM idempotency_record WHERE created_at < :before")
                        .setParameter("before", Instant.now().minus(retention))
                        .executeUpdate());
    }

    private Response toResponse(IdempotentResult result, boolean replayed) {
        try {
            return response(result.status(), mapper.writeValueAsString(result.entity()), result.location(), replayed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response response(int status, String json, String location, boolean replayed) {
        Response.ResponseBuilder builder =
                Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(json);
        if (location != null) {
            builder.header("Location", location);
        }
        if (replayed) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.build();
    }

    private static void checkKey(String key) {
        boolean printable = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printable) {
            throw new ApiException(
                    400,
                    "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters.",
                    List.of(new ApiError.Detail(HEADER, "invalid", "Use a UUID, for example.")));
        }
    }

    private String fingerprint(String operation, String body) {
        String normalized;
        try {
            JsonNode tree = body == null || body.isBlank() ? null : canonical.readTree(body);
            normalized = tree == null ? "" : canonical.writeValueAsString(canonical.treeToValue(tree, Object.class));
        } catch (JsonProcessingException e) {
            normalized = body; // not JSON: the action will refuse it; compare the bytes
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((operation + "\n" + normalized).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Claim(Response replay) {}
}

package dev.herald.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.identity.ApiKey;
import dev.herald.gateway.identity.service.WorkspaceProvisioning;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * The operator API: creates a workspace with its first API key. Guarded by {@code herald.gateway.admin-token}; off
 * (404) when no token is configured. Dashboard users get workspaces through OIDC later.
 */
@Path("/admin/v1/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final WorkspaceProvisioning provisioning;
    private final GatewayConfig config;

    public AdminResource(WorkspaceProvisioning provisioning, GatewayConfig config) {
        this.provisioning = provisioning;
        this.config = config;
    }

    @POST
    public Response create(@HeaderParam("Authorization") String authorization, CreateWorkspaceRequest request) {
        String token = config.adminToken().orElseThrow(() -> new ApiException(404, "not_found", "No such resource."));
        String presented =
                authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (!MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "A valid operator token is required.");
        }
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw ApiException.invalid(
                    "A workspace name is required.",
                    List.of(new ApiError.Detail("name", "required", "A workspace name is required.")));
        }
        String mode = request.keyMode() == null ? "test" : request.keyMode();
        if (!mode.equals("test") && !mode.equals("live")) {
            throw ApiException.invalid(
                    "key_mode must be test or live.",
                    List.of(new ApiError.Detail("key_mode", "invalid", "Use test or live.")));
        }
        if (request.scopes() != null && !ApiKey.GRANTABLE_SCOPES.containsAll(request.scopes())) {
            throw ApiException.invalid(
                    "Unknown scope.",
                    List.of(new ApiError.Detail(
                            "scopes",
                            "unknown_scope",
                            "Scopes are: " + String.join(" ", new TreeSet<>(ApiKey.GRANTABLE_SCOPES)))));
        }
        Set<String> scopes = request.scopes() == null ? ApiKey.ALL_SCOPES : Set.copyOf(request.scopes());
        var created =
                provisioning.provision(request.organizationId(), request.name().trim(), mode, scopes);
        return Response.status(201)
                .entity(new CreatedWorkspace(
                        created.organization().id(),
                        created.workspace().id(),
                        created.workspace().name(),
                        new CreatedKey(
                                created.key().key().id(),
                                created.key().secret(),
                                created.key().key().mode(),
                                created.key().key().scopes())))
                .build();
    }

    /** Body of the operator call. */
    public record CreateWorkspaceRequest(String name, String organizationId, String keyMode, List<String> scopes) {}

    /** The workspace and its first key (the secret is shown this once). */
    public record CreatedWorkspace(String organizationId, String workspaceId, String name, CreatedKey apiKey) {}

    /** A newly issued key. */
    public record CreatedKey(String id, String secret, String mode, String scopes) {}
}

package dev.herald.publisher.account.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.connect.ConnectService;
import dev.herald.publisher.account.service.AccountService;
import dev.herald.publisher.connector.Connectors;
import dev.herald.publisher.connector.PlatformConnector;
import dev.herald.rules.Platform;

/** The public accounts API. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "The social accounts a workspace posts to, in the key's mode.")
public class AccountResource {

    private static final List<String> STATUSES = List.of("connected", "expired", "revoked", "error");

    private final AccountService accounts;
    private final ConnectService connect;
    private final Connectors connectors;
    private final Caller caller;

    public AccountResource(AccountService accounts, ConnectService connect, Connectors connectors, Caller caller) {
        this.accounts = accounts;
        this.connectors = connectors;
        this.connect = connect;
        this.caller = caller;
    }

    @GET
    @Operation(
            operationId = "listAccounts",
            summary = "List accounts",
            description = "The workspace's accounts of the key's mode, oldest first.")
    public Page<AccountResponse> list(
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Only this platform's accounts, e.g. `x`") @QueryParam("platform") String platform,
            @Parameter(description = "Only accounts in this status: connected, expired, revoked or error")
                    @QueryParam("status")
                    String status) {
        Page.checkLimit(limit);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid(
                    "Unknown status.",
                    List.of(new ApiError.Detail("status", "invalid_value", "One of " + STATUSES + ".")));
        }
        if (platform != null && Platform.of(platform).isEmpty()) {
            throw ApiException.invalid(
                    "Unknown platform.",
                    List.of(new ApiError.Detail("platform", "unknown_platform", "One of " + platformIds() + ".")));
        }
        return Page.of(
                accounts.list(caller.workspaceId(), caller.mode(), platform, status, cursor, limit + 1),
                limit,
                AccountResponse::from,
                Account::id);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAccount", summary = "Get an account")
    public AccountResponse get(@PathParam("id") String id) {
        Account account = accounts.get(caller.workspaceId(), id);
        return AccountResponse.from(
                account,
                connectors
                        .forAccount(account)
                        .map(PlatformConnector::apiVersion)
                        .orElse(null));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "disconnectAccount", summary = "Disconnect an account")
    public AccountResponse disconnect(@PathParam("id") String id) {
        return AccountResponse.from(accounts.disconnect(caller.workspaceId(), id));
    }

    /** Connects an account of the generic sandbox platform, which needs no credentials (test mode). */
    @POST
    @Path("/connect/sandbox")
    @Operation(
            operationId = "connectSandboxAccount",
            summary = "Connect a sandbox account",
            description = "Test keys only. The account is of the generic `sandbox` platform; "
                    + "`POST /v1/accounts/sandbox` creates one that impersonates a real platform.")
    @APIResponse(
            responseCode = "201",
            description = "The connected account",
            content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Response connectSandbox(ConnectSandboxRequest request) {
        String handle = handle(request == null ? null : request.handle());
        return created(accounts.createSandbox(caller.workspaceId(), caller.mode(), Account.SANDBOX_PLATFORM, handle));
    }

    @POST
    @Path("/connect/{platform}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "startAccountConnect",
            summary = "Connect an account",
            description = "For consent-page platforms, answers the platform's consent page URL (OAuth 2 with PKCE and"
                    + " a single-use state): send the user there; the platform returns them to"
                    + " `/v1/accounts/callback/{platform}`, which connects the account and then redirects to"
                    + " `return_url` (with `account_id`, or `error`) or, without one, answers the account as JSON."
                    + " Mastodon needs `instance_url`. For Bluesky, send `identifier` and `app_password`: the answer"
                    + " is the connected account.")
    @APIResponse(
            responseCode = "201",
            description = "The flow, valid until `expires_at` (or, after a sign-in, the connected account)",
            content = @Content(schema = @Schema(oneOf = {ConnectResponse.class, AccountResponse.class})))
    public Response start(@PathParam("platform") String platform, StartRequest request) {
        StartRequest body = request == null ? new StartRequest(null, null, null, null, null, null, null) : request;
        if (body.identifier() != null || body.appPassword() != null) {
            Map<String, String> fields = new TreeMap<>();
            putIfPresent(fields, "identifier", body.identifier());
            putIfPresent(fields, "app_password", body.appPassword());
            putIfPresent(fields, "service_url", body.serviceUrl());
            return created(connect.signIn(caller.workspaceId(), caller.mode(), platform, fields));
        }
        Map<String, String> params = new TreeMap<>();
        putIfPresent(params, "instance_url", body.instanceUrl());
        putIfPresent(params, "page_id", body.pageId());
        putIfPresent(params, "organization_id", body.organizationId());
        ConnectService.Started started =
                connect.start(caller.workspaceId(), caller.mode(), platform, body.returnUrl(), params);
        return Response.status(201)
                .entity(new ConnectResponse(
                        started.id(),
                        "connect_session",
                        platform,
                        started.authorizationUrl().toString(),
                        started.redirectUri(),
                        started.expiresAt()))
                .build();
    }

    private static void putIfPresent(Map<String, String> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value.trim());
        }
    }

    /** Creates a sandbox account impersonating a platform: its rules and permalinks, the sandbox's publishing. */
    @POST
    @Path("/sandbox")
    @Operation(
            operationId = "createSandboxAccount",
            summary = "Create a sandbox account impersonating a platform",
            description = "Test keys only. The account has the platform's validation rules, limits, media"
                    + " requirements and permalink shape, and publishes to the sandbox; `sandbox` is the generic"
                    + " platform. Caption markers such as `[sandbox:5xx-always]` make it fail on demand.")
    @APIResponse(
            responseCode = "201",
            description = "The connected account",
            content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createSandbox(CreateSandboxRequest request) {
        String wanted = request == null ? null : request.platform();
        if (wanted == null || wanted.isBlank()) {
            throw ApiException.invalid(
                    "A platform is required.",
                    List.of(new ApiError.Detail("platform", "required", "One of " + platformIds() + ".")));
        }
        Platform platform = Platform.of(wanted.trim())
                .orElseThrow(() -> ApiException.invalid(
                        "Unknown platform.",
                        List.of(new ApiError.Detail("platform", "unknown_platform", "One of " + platformIds() + "."))));
        String handle = handle(request.handle());
        return created(accounts.createSandbox(caller.workspaceId(), caller.mode(), platform.id(), handle));
    }

    private static String handle(String requested) {
        String handle = requested == null || requested.isBlank() ? "sandbox" : requested.trim();
        if (handle.length() > 64) {
            throw ApiException.invalid(
                    "The handle is too long.",
                    List.of(new ApiError.Detail("handle", "too_long", "At most 64 characters.")));
        }
        return handle;
    }

    private static String platformIds() {
        return Arrays.stream(Platform.values()).map(Platform::id).collect(Collectors.joining(", "));
    }

    private static Response created(Account account) {
        return Response.status(201).entity(AccountResponse.from(account)).build();
    }

    /** Body of the sandbox connect call. */
    @Schema(name = "ConnectSandboxRequest")
    public record ConnectSandboxRequest(String handle) {}

    /** Body of the impersonating sandbox account call. */
    @Schema(name = "CreateSandboxAccountRequest")
    public record CreateSandboxRequest(
            @Schema(description = "The platform to impersonate, e.g. `x`, `instagram`, or `sandbox`", required = true)
            String platform,

            @Schema(description = "Defaults to `sandbox`; at most 64 characters")
            String handle) {}

    /** Body of the connect call: what the platform's flow needs. */
    @Schema(name = "StartConnectRequest")
    public record StartRequest(
            @Schema(description = "Your page the user returns to when the flow ends (https; http only for localhost)")
            String returnUrl,

            @Schema(description = "Mastodon: the instance, e.g. `https://mastodon.social`")
            String instanceUrl,

            @Schema(description = "Bluesky: the handle or email to sign in with")
            String identifier,

            @Schema(description = "Bluesky: an app password (Settings → App passwords), kept encrypted")
            String appPassword,

            @Schema(description = "Bluesky: the PDS, when not `https://bsky.social`")
            String serviceUrl,

            @Schema(description = "Facebook: the Page to connect, among those the user grants (default: the first)")
            String pageId,

            @Schema(
                    description = "LinkedIn: the organization (company page) id to post as, which the user administers;"
                            + " without it the account is the member")
            String organizationId) {}

    /** A started connect flow. */
    @Schema(name = "ConnectSession")
    public record ConnectResponse(
            String id,
            String object,
            String platform,

            @Schema(description = "Send the user's browser here")
            String authorizationUrl,

            @Schema(description = "The callback the platform redirects to; register it with the platform app")
            String redirectUri,

            Instant expiresAt) {}
}

package dev.herald.publisher.account.connect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.publisher.account.rest.AccountResponse;

/**
 * The end of a connect flow ({@code POST /v1/accounts/connect/{platform}} starts it). A public route: the platform sends the
 * user's browser there without an API key, and the single-use state is the proof.
 */
@Path("/v1/accounts/callback")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class ConnectCallbackResource {

    private final ConnectService connect;

    public ConnectCallbackResource(ConnectService connect) {
        this.connect = connect;
    }

    @GET
    @Path("/{platform}")
    @Operation(
            operationId = "completeAccountConnect",
            summary = "Complete connecting an account (the platform's redirect)",
            description = "Public: called by the user's browser, coming back from the platform with `code` and"
                    + " `state` (or `error`). A state works once.")
    @APIResponse(
            responseCode = "200",
            description = "The connected account (when the flow has no `return_url`)",
            content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @APIResponse(responseCode = "303", description = "To the flow's `return_url`, with `account_id` or `error`")
    public Response callback(
            @PathParam("platform") String platform,
            @QueryParam("state") String state,
            @QueryParam("code") String code,
            @QueryParam("error") String error,
            @QueryParam("error_description") String errorDescription) {
        try {
            ConnectService.Completed done = connect.complete(platform, state, code, error, errorDescription);
            if (done.returnUrl() == null) {
                return Response.ok(AccountResponse.from(done.account())).build();
            }
            return redirect(
                    done.returnUrl(), "account_id=" + encode(done.account().id()) + "&platform=" + encode(platform));
        } catch (ConnectService.Failed e) {
            if (e.returnUrl() == null) {
                throw e;
            }
            return redirect(
                    e.returnUrl(), "error=" + encode(e.code()) + "&error_description=" + encode(e.getMessage()));
        }
    }

    private static Response redirect(String returnUrl, String query) {
        String separator = returnUrl.contains("?") ? "&" : "?";
        return Response.seeOther(URI.create(returnUrl + separator + query)).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

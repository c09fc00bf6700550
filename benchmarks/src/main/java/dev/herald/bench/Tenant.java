package dev.herald.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.testsupport.HeraldStack;

/** A benchmark's workspace, test key and sandbox account, provisioned through the gateway. */
record Tenant(String workspaceId, String apiKey, String accountId) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Tenant provision(HeraldStack stack, String adminToken) throws Exception {
        JsonNode created = post(stack.gatewayUrl() + "/admin/v1/workspaces", adminToken, "{\"name\":\"Benchmark\"}");
        String key = created.get("api_key").get("secret").asText();
        String account = post(stack.gatewayUrl() + "/v1/accounts/connect/sandbox", key, "{\"handle\":\"bench\"}")
                .get("id")
                .asText();
        // A benchmark that went on with an account the post-service does not know would measure 422s.
        awaitValid(
                stack,
                key,
                List.of(account),
                Duration.ofSeconds(30),
                "the post-service to know the sandbox account " + account);
        return new Tenant(created.get("workspace_id").asText(), key, account);
    }

    /**
     * The tenant's sandbox account and {@code count - 1} more (handles {@code handle1}…), once the post-service knows
     * them all.
     */
    List<String> sandboxAccounts(HeraldStack stack, int count, String handle) throws Exception {
        List<String> accounts = new java.util.ArrayList<>(List.of(accountId));
        for (int i = 1; i < count; i++) {
            String body = "{\"handle\":\"" + handle + i + "\"}";
            accounts.add(post(stack.gatewayUrl() + "/v1/accounts/connect/sandbox", apiKey, body)
                    .get("id")
                    .asText());
        }
        awaitKnown(stack, accounts);
        return accounts;
    }

    /** Waits until the post-service knows every account (it learns them from the publisher's events). */
    void awaitKnown(HeraldStack stack, List<String> accounts) {
        awaitValid(
                stack,
                apiKey,
                accounts,
                Duration.ofSeconds(60),
                "the post-service to know all " + accounts.size() + " sandbox accounts");
    }

    /**
     * Returns once the post-service validates a post to {@code accounts}; throws naming {@code what} when it still does
     * not after {@code timeout}. A failing request ends the wait too: the benchmark cannot go on without the gateway.
     */
    private static void awaitValid(
            HeraldStack stack, String key, List<String> accounts, Duration timeout, String what) {
        String probe = "{\"caption\":\"probe\",\"account_ids\":[\"" + String.join("\",\"", accounts) + "\"]}";
        try {
            await(what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    // This JVM also runs the broker: other threads' failures are not this wait's.
                    .dontCatchUncaughtExceptions()
                    .until(() -> post(stack.gatewayUrl() + "/v1/posts/validate", key, probe)
                            .get("valid")
                            .asBoolean());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Gave up waiting for " + what + " after " + timeout.toSeconds() + " s", e);
        }
    }

    /** POSTs JSON with a bearer credential; anything but a 2xx is an error. */
    static JsonNode post(String url, String bearer, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** GETs JSON with a bearer credential; anything but a 2xx is an error. */
    static JsonNode get(String url, String bearer) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .build());
    }

    private static JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}

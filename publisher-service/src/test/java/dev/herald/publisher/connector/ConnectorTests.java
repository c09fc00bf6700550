package dev.herald.publisher.connector;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.testsupport.InternalTokens;
import dev.herald.testsupport.TestKafka;

/**
 * What the connector tests share: a live-mode request as the post-service sends it (Herald-shaped ids: a Bluesky
 * record key keeps their time), and its first result.
 */
public final class ConnectorTests {

    private ConnectorTests() {}

    public static PublishRequest liveRequest(
            String workspace,
            String account,
            String platform,
            String caption,
            Map<String, String> options,
            PublishRequest.Content content) {
        return new PublishRequest(
                workspace,
                Ids.newId("post"),
                Ids.newId("dest"),
                account,
                platform,
                "live",
                caption,
                1,
                Instant.now(),
                options,
                content);
    }

    /** The internal token of a live-mode key of {@code workspace}, as the gateway sends it. */
    public static String liveBearer(String workspace) {
        return "Bearer " + InternalTokens.forWorkspace(workspace, "live");
    }

    /**
     * Connects an account as a user's browser does: starts the flow ({@code body} as the connect call's body), visits
     * the platform's consent page (the stub approves and redirects) and then Herald's public callback, which answers the
     * account; returns its id.
     */
    public static String connectThroughConsentPage(String workspace, String platform, Map<String, ?> body) {
        return returnThroughConsentPage(workspace, platform, body)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /**
     * Starts the flow and visits the platform's consent page (the stub approves and redirects), then Herald's public
     * callback; returns the callback's answer (the account, or why the flow failed).
     */
    public static Response returnThroughConsentPage(String workspace, String platform, Map<String, ?> body) {
        String consent = given().header("Authorization", liveBearer(workspace))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/accounts/connect/" + platform)
                .then()
                .statusCode(201)
                .extract()
                .path("authorization_url");
        // The URL is already encoded as the platform must receive it.
        Response page =
                given().urlEncodingEnabled(false).redirects().follow(false).get(consent);
        assertEquals(302, page.statusCode(), page.asString());
        URI back = URI.create(page.header("Location"));
        return given().urlEncodingEnabled(false).get(back.getRawPath() + "?" + back.getRawQuery());
    }

    /** Sends the request through Kafka, as the post-service does, and waits for the publisher's first result. */
    public static PublishResult result(PublishRequest request) {
        return result(request, Duration.ofSeconds(30));
    }

    /** The same, waiting up to {@code within} (a real platform server may be slower). */
    public static PublishResult result(PublishRequest request, Duration within) {
        TestKafka.send(Topics.PUBLISH_REQUESTS, request.accountId(), EventTypes.PUBLISH_REQUESTED, request);
        var records =
                TestKafka.await(Topics.PUBLISH_RESULTS, r -> r.value().contains(request.destinationId()), 1, within);
        assertEquals(1, records.size(), "a result for " + request.destinationId());
        return EventJson.read(records.get(0).value(), PublishResult.class);
    }
}

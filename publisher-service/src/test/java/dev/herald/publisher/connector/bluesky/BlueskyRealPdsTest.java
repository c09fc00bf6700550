package dev.herald.publisher.connector.bluesky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * The Bluesky connector against the reference PDS ({@link RealPds}), not a stub: sign-in with an app password,
 * a post with link, mention and tag facets read back from the PDS's repo, and the PDS's own answer to a second write
 * under a record key (a 500) settled by reading the key back. Skipped where {@code tools/atproto-pds/install.sh} has
 * not been run.
 */
@QuarkusTest
@EnabledIf("dev.herald.publisher.connector.bluesky.RealPds#installed")
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RealPds.class)
class BlueskyRealPdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String workspace = "ws_" + UUID.randomUUID();

    @Inject
    BlueskyConnectFlow flow;

    @Test
    void shouldPublishAPostWhoseFacetsThePdsAcceptsWhenSignedInWithAnAppPassword() throws Exception {
        JsonNode alice = RealPds.account("alice.test");
        String account = BlueskySignIn.signIn(
                        workspace,
                        Map.of(
                                "identifier",
                                "alice.test",
                                "app_password",
                                alice.path("appPassword").asText()))
                .statusCode(201)
                .extract()
                .path("id");
        String caption = "Hello from Herald 🚀 https://herald.example/real with @bob.test #Herald";
        PublishRequest request = request(account, caption);

        PublishResult result = result(request);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        String rkey = Tids.forDestination(request.destinationId(), 0);
        assertEquals("at://" + alice.path("did").asText() + "/app.bsky.feed.post/" + rkey, result.platformPostId());
        assertEquals("https://bsky.app/profile/alice.test/post/" + rkey, result.permalink());
        JsonNode record = getRecord(alice.path("did").asText(), rkey).path("value");
        assertEquals(caption, record.path("text").asText());
        JsonNode facets = record.path("facets");
        assertEquals(3, facets.size(), facets.toString());
        // "🚀" is 4 bytes: the link starts at byte 23 (char 20).
        assertEquals(23, facets.get(0).path("index").path("byteStart").asInt());
        assertEquals(50, facets.get(0).path("index").path("byteEnd").asInt());
        assertEquals(
                "https://herald.example/real",
                facets.get(0).path("features").get(0).path("uri").asText());
        assertEquals(
                RealPds.account("bob.test").path("did").asText(),
                facets.get(1).path("features").get(0).path("did").asText());
        assertEquals("Herald", facets.get(2).path("features").get(0).path("tag").asText());
        assertEquals(
                "https://herald.example/card",
                record.path("embed").path("external").path("uri").asText());
    }

    @Test
    void shouldSettleThePdssAnswerToARepeatedKeyByReadingItBackWhenTheRecordExists() throws Exception {
        JsonNode alice = RealPds.account("alice.test");
        String account = BlueskySignIn.signIn(
                        workspace,
                        Map.of(
                                "identifier",
                                alice.path("did").asText(),
                                "app_password",
                                alice.path("appPassword").asText()))
                .statusCode(201)
                .extract()
                .path("id");
        PublishRequest request = request(account, "Written by an attempt whose answer was lost");
        String rkey = Tids.forDestination(request.destinationId(), 0);
        // An earlier attempt wrote the record (its answer never came back): the PDS answers the next write with 500.
        String jwt = session(alice);
        assertEquals(
                200,
                createRecord(jwt, alice.path("did").asText(), rkey, request.caption())
                        .statusCode());
        assertEquals(
                500,
                createRecord(jwt, alice.path("did").asText(), rkey, request.caption())
                        .statusCode());

        PublishResult result = result(request);

        assertEquals(PublishResult.PUBLISHED, result.status(), result.errorMessage());
        assertEquals("at://" + alice.path("did").asText() + "/app.bsky.feed.post/" + rkey, result.platformPostId());
        JsonNode listed = JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(url() + "/xrpc/com.atproto.repo.listRecords?repo="
                                        + alice.path("did").asText() + "&collection=app.bsky.feed.post&limit=100"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        long copies = 0;
        for (JsonNode r : listed.path("records")) {
            copies += request.caption().equals(r.path("value").path("text").asText()) ? 1 : 0;
        }
        assertEquals(1, copies, "exactly one record in the repo");
        assertTrue(listed.path("records").size() >= 1);
    }

    @Test
    void shouldRenewTheSessionAndFallBackToTheAppPasswordWhenThePdsRefusesTheRefreshJwt() {
        JsonNode bob = RealPds.account("bob.test");
        Credentials signedIn = flow.signIn(Map.of(
                        "identifier",
                        "bob.test",
                        "app_password",
                        bob.path("appPassword").asText()))
                .credentials();
        assertEquals(bob.path("did").asText(), signedIn.secrets().get("did"));

        // refreshSession takes no body (the PDS refuses one): the refresh JWT alone renews the session.
        Credentials refreshed = flow.refresh(signedIn);
        assertNotEquals(signedIn.refreshToken(), refreshed.refreshToken(), "the PDS rotates refresh JWTs");
        assertTrue(refreshed.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(30))));

        // A refresh JWT the PDS does not take: a new session from the stored app password, by DID.
        Credentials unknown = new Credentials(
                signedIn.accessToken(), "not-a-refresh-jwt", signedIn.expiresAt(), List.of(), signedIn.secrets());
        Credentials again = flow.refresh(unknown);
        assertTrue(again.hasRefreshToken());
        assertEquals(bob.path("appPassword").asText(), again.secrets().get("app_password"));
    }

    private static String url() {
        return RealPds.started.path("url").asText();
    }

    private static String session(JsonNode account) throws IOException, InterruptedException {
        String body = JSON.createObjectNode()
                .put("identifier", account.path("handle").asText())
                .put("password", account.path("appPassword").asText())
                .toString();
        return JSON.readTree(post("/xrpc/com.atproto.server.createSession", null, body)
                        .body())
                .path("accessJwt")
                .asText();
    }

    private static HttpResponse<String> createRecord(String jwt, String did, String rkey, String text)
            throws IOException, InterruptedException {
        var body = JSON.createObjectNode()
                .put("repo", did)
                .put("collection", "app.bsky.feed.post")
                .put("rkey", rkey);
        body.putObject("record")
                .put("$type", "app.bsky.feed.post")
                .put("text", text)
                .put("createdAt", Instant.now().toString());
        return post("/xrpc/com.atproto.repo.createRecord", jwt, body.toString());
    }

    private static HttpResponse<String> post(String path, String jwt, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getRecord(String did, String rkey) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/xrpc/com.atproto.repo.getRecord?repo=" + did
                                + "&collection=app.bsky.feed.post&rkey=" + rkey))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private PublishRequest request(String account, String caption) {
        return ConnectorTests.liveRequest(
                workspace,
                account,
                "bluesky",
                caption,
                Map.of(),
                new PublishRequest.Content("https://herald.example/card", List.of(), null, List.of()));
    }

    private static PublishResult result(PublishRequest request) {
        return ConnectorTests.result(request, Duration.ofSeconds(60));
    }
}

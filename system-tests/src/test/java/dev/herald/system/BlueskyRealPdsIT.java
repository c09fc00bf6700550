package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.publisher.connector.bluesky.RealPds;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * A post with an image and a link published through the whole stack to a real AT Protocol PDS (npm
 * {@code @atproto/pds}, installed by {@code tools/atproto-pds/install.sh}; skipped when it is not installed): the
 * record read back from the PDS has the image embed with its alt text and the link facet, and the blob the PDS serves
 * is the file as uploaded to Herald.
 */
class BlueskyRealPdsIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RealPds pds;
    private static HeraldStack stack;
    private static Tenant tenant;
    private static String pdsUrl;

    @BeforeAll
    static void start() {
        assumeTrue(RealPds.installed(), "tools/atproto-pds is not installed (tools/atproto-pds/install.sh)");
        pds = new RealPds();
        pdsUrl = pds.start().get("herald.publisher.apps.bluesky.api-base-url");
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-real-pds-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        stack.environment("publisher-service", "HERALD_PUBLISHER_APPS_BLUESKY_API_BASE_URL", pdsUrl);
        stack.environment("publisher-service", "HERALD_PUBLISHER_PLATFORM_TIMEOUT", "15s");
        stack.startAll();
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "Real PDS", "live");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (pds != null) {
            pds.stop();
        }
    }

    @Test
    void shouldPublishAnImageWithAltTextAndALinkFacetThatThePdsServesBack() throws Exception {
        JsonNode alice = RealPds.account("alice.test");
        String account = tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "identifier",
                        "alice.test",
                        "app_password",
                        alice.path("appPassword").asText()))
                .post("/v1/accounts/connect/bluesky")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        tenant.awaitKnown(account);
        byte[] png = Images.png(64, 32, Color.ORANGE);
        String media = tenant.upload(png, "sunrise.png", "image/png", "An orange sunrise");

        JsonPath published = tenant.awaitFinal(
                tenant.publishNow("Sunrise today https://herald.example/sunrise", account, List.of(media)));

        assertEquals("published", published.getString("status"), published.prettify());
        String uri = published.getString("destinations[0].platform_post_id");
        String did = alice.path("did").asText();
        JsonNode record = get("/xrpc/com.atproto.repo.getRecord?repo=" + did + "&collection=app.bsky.feed.post&rkey="
                        + uri.substring(uri.lastIndexOf('/') + 1))
                .path("value");
        JsonNode image = record.path("embed").path("images").get(0);
        assertEquals("app.bsky.embed.images", record.path("embed").path("$type").asText());
        assertEquals("An orange sunrise", image.path("alt").asText());
        assertEquals(64, image.path("aspectRatio").path("width").asInt());
        assertTrue(
                record.path("facets").toString().contains("https://herald.example/sunrise"),
                "the link is a facet: " + record);
        byte[] blob = bytes("/xrpc/com.atproto.sync.getBlob?did=" + did + "&cid="
                + URLEncoder.encode(
                        image.path("image").path("ref").path("$link").asText(), StandardCharsets.UTF_8));
        assertArrayEquals(png, blob, "the blob the PDS serves is the file as uploaded to Herald");
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(bytes(path));
    }

    private static byte[] bytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(pdsUrl + path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }
}

package dev.herald.publisher.connector.x;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.testsupport.InternalTokens;

/** A user connecting an X account the way a browser does it, against {@link XApiStub} (live mode). */
final class XConnectDance {

    private XConnectDance() {}

    static Map<String, Object> start(String workspace, String returnUrl) {
        Map<String, Object> body = new HashMap<>();
        if (returnUrl != null) {
            body.put("return_url", returnUrl);
        }
        return given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/accounts/connect/x")
                .then()
                .statusCode(201)
                .body("id", startsWith("conn_"))
                .body("object", equalTo("connect_session"))
                .extract()
                .as(Map.class);
    }

    /** The whole dance without a return URL: the callback answers the account. */
    static String connect(String workspace) {
        return ConnectorTests.connectThroughConsentPage(workspace, "x", Map.of());
    }

    /** The user's browser: to X's consent page, then (no API key) back to Herald's callback. */
    static Response callback(URI consent) {
        String location = browse(consent).header("Location");
        return given().urlEncodingEnabled(false).redirects().follow(false).get(pathAndQuery(URI.create(location)));
    }

    static Response browse(URI consent) {
        // The URL is already encoded as the platform must receive it.
        Response page =
                given().urlEncodingEnabled(false).redirects().follow(false).get(consent);
        assertEquals(302, page.statusCode(), page.asString());
        return page;
    }

    static String pathAndQuery(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}

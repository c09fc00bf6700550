package dev.herald.publisher.connector.bluesky;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.herald.testsupport.InternalTokens;

/** A tenant connecting a Bluesky account with its handle and app password (live mode), against {@link BlueskyPdsStub}. */
final class BlueskySignIn {

    private BlueskySignIn() {}

    static ValidatableResponse signIn(String workspace, Map<String, String> fields) {
        return given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(workspace, "live"))
                .contentType(ContentType.JSON)
                .body(new HashMap<>(fields))
                .post("/v1/accounts/connect/bluesky")
                .then();
    }

    /** Signs {@code account} in; answers the connected account's id. */
    static String connect(String workspace, BlueskyPdsStub.Account account) {
        return signIn(workspace, Map.of("identifier", account.handle, "app_password", account.appPassword))
                .statusCode(201)
                .extract()
                .path("id");
    }
}

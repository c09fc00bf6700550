package dev.herald.publisher.connector.youtube;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.Map;

import io.restassured.http.ContentType;

import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.connector.StubHttp;

/** Starts a connect flow as a tenant does and reads the consent page's query, as the platform would receive it. */
public final class ConsentStart {

    private ConsentStart() {}

    public static Map<String, String> query(String workspace, String platform) {
        String consent = given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/v1/accounts/connect/" + platform)
                .then()
                .statusCode(201)
                .extract()
                .path("authorization_url");
        return StubHttp.form(URI.create(consent).getRawQuery());
    }
}

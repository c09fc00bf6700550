package dev.herald.publisher.connector.pinterest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.testsupport.HeraldInfraResource;

/**
 * Pinterest against {@link PinterestStub}: the consent page and the account it connects, and the refusals that need
 * no file. Pins with their images, fetched by Pinterest from Herald's public URLs, are published through the whole
 * stack in MediaPublishingIT (no media-service runs here).
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PinterestStub.class)
class PinterestConnectorTest {

    private final String workspace = "ws_" + UUID.randomUUID();

    @Test
    void shouldConnectThroughTheConsentPageAsTheUsersAccount() {
        PinterestStub.nextUser("herald.pins");

        String account = ConnectorTests.connectThroughConsentPage(workspace, "pinterest", Map.of());

        given().header("Authorization", ConnectorTests.liveBearer(workspace))
                .get("/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("platform", equalTo("pinterest"))
                .body("handle", equalTo("herald.pins"))
                .body("display_name", equalTo("herald.pins (business)"))
                .body("platform_api_version", equalTo("v5"));
    }

    @Test
    void shouldFailWithoutCallingPinterestWhenNoBoardIsNamed() {
        PinterestStub.nextUser("no.board");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "pinterest", Map.of());
        int before = PinterestStub.PINS.size();

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace,
                account,
                "pinterest",
                "A pin",
                Map.of(),
                new PublishRequest.Content(null, List.of("med_1"), null, List.of())));

        assertEquals(PublishResult.FAILED, result.status());
        assertEquals("content_rejected", result.errorCode());
        assertEquals(before, PinterestStub.PINS.size());
    }

    @Test
    void shouldRetryLaterWithoutAPinWhenThePostsFilesCannotBeFetched() {
        PinterestStub.User user = PinterestStub.nextUser("files.away");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "pinterest", Map.of());
        int before = PinterestStub.PINS.size();

        PublishResult result = ConnectorTests.result(ConnectorTests.liveRequest(
                workspace,
                account,
                "pinterest",
                "A pin",
                Map.of("board_id", user.boardId),
                new PublishRequest.Content(null, List.of("med_1"), null, List.of())));

        assertEquals(PublishResult.RETRYING, result.status());
        assertEquals("media_unavailable", result.errorCode());
        assertEquals(before, PinterestStub.PINS.size());
    }
}

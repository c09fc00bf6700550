package dev.herald.publisher.connector.pinterest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.events.MetricsReport;
import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.ConnectorTests;
import dev.herald.publisher.metrics.MetricsTests;
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

    @Test
    void shouldCollectAPinsAnalyticsAndTheFollowersWithTheRawAnswer() {
        PinterestStub.User user = PinterestStub.nextUser("measured.pins");
        user.followers = 4321;
        String account = ConnectorTests.connectThroughConsentPage(workspace, "pinterest", Map.of());
        PinterestStub.Pin pin = PinterestStub.pinOf(user);
        PinterestStub.ANALYTICS.put(
                pin.id(),
                Map.of(
                        "IMPRESSION", 2400L,
                        "OUTBOUND_CLICK", 20L,
                        "PIN_CLICK", 37L,
                        "SAVE", 19L,
                        "TOTAL_COMMENTS", 6L,
                        "TOTAL_REACTIONS", 12L));

        MetricsReport report = MetricsTests.post(workspace, account, "pinterest", pin.id());

        assertEquals(MetricsReport.COLLECTED, report.status(), report.errorMessage());
        // Outbound clicks (to the Pin's link) are clicks, reactions likes; Pinterest has no reach or shares per Pin.
        assertEquals(new MetricsReport.Values(2400L, null, 12L, 6L, null, 19L, 20L, null, null), report.metrics());
        assertTrue(report.raw().contains("\"PIN_CLICK\":37"), report.raw());

        MetricsReport followers = MetricsTests.account(workspace, account, "pinterest");
        assertEquals(MetricsReport.COLLECTED, followers.status(), followers.errorMessage());
        assertEquals(4321L, followers.metrics().followers());
    }

    @Test
    void shouldPutTheSlotOffForRetryAfterWhenPinterestSays429AndTellAPinThatIsGone() {
        PinterestStub.User user = PinterestStub.nextUser("throttled.pins");
        String account = ConnectorTests.connectThroughConsentPage(workspace, "pinterest", Map.of());
        PinterestStub.Pin pin = PinterestStub.pinOf(user);

        user.readsRetryAfter = 90;
        MetricsReport limited = MetricsTests.post(workspace, account, "pinterest", pin.id());
        assertEquals(MetricsReport.RATE_LIMITED, limited.status());
        assertEquals(
                limited.collectedAt().plusSeconds(90).getEpochSecond(),
                limited.retryAt().getEpochSecond(),
                2);

        user.readsRetryAfter = 0;
        MetricsReport gone = MetricsTests.post(workspace, account, "pinterest", "1");
        assertEquals(MetricsReport.FAILED, gone.status());
        assertEquals("post_not_found", gone.errorCode());
    }
}

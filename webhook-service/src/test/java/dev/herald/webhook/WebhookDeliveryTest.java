package dev.herald.webhook;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.herald.events.AccountEvent;
import dev.herald.events.CloudEventHeaders;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MediaEvent;
import dev.herald.events.PublishResult;
import dev.herald.events.Topics;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.LocalInfra;
import dev.herald.testsupport.TestKafka;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.ReceiverTest;
import dev.herald.webhook.support.StandardWebhooksVerifier;
import dev.herald.webhook.support.Tenant;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class WebhookDeliveryTest extends ReceiverTest {

    @Test
    void shouldDeliverOneSignedWebhookWhenAPostIsPublished() {
        String secret = (String) tenant.register(receiver.url("/hook")).get("secret");

        String eventId = tenant.postPublished();
        // The same event consumed twice (a replayed topic) must not deliver twice.
        TestKafka.sendWithId(
                Topics.POST_EVENTS, "post_x", EventTypes.POST_PUBLISHED, eventId, tenant.postEvent(eventId));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> !receiver.hits("/hook").isEmpty());
        // A second delivery of the replayed event, if any, would arrive within this time.
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> receiver.hits("/hook").size() == 1);
        Receiver.Hit hit = receiver.hits("/hook").get(0);
        assertTrue(hit.id().startsWith("msg_"), hit.id());
        StandardWebhooksVerifier.verify(
                secret, hit.id(), hit.timestamp(), hit.signature(), hit.body(), clock.instant());
        assertEquals("application/json", hit.headers().get("content-type"));
        JsonPath payload = JsonPath.from(hit.body());
        assertEquals(eventId, payload.getString("id"));
        assertEquals("post.published", payload.getString("type"));
        assertEquals(tenant.workspace(), payload.getString("workspace_id"));
        assertEquals("post_x", payload.getString("data.id"));
    }

    @Test
    void shouldPlanAWholePollOnceWhenItHoldsReplaysAndAnUnreadableRecord() throws Exception {
        String endpoint = (String) tenant.register(receiver.url("/batch")).get("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add("evt_" + UUID.randomUUID());
        }
        String unreadable = "evt_unreadable_" + UUID.randomUUID();
        // Written at once with one producer: the consumer gets them in one or a few polls, each planned as one batch,
        // replays and the unreadable record among them.
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < ids.size(); i++) {
                producer.send(postEvent(ids.get(i), EventJson.write(tenant.postEvent(ids.get(i)))));
                if (i == 15) {
                    producer.send(postEvent(unreadable, "not json"));
                }
            }
            for (String id : ids) {
                producer.send(postEvent(id, EventJson.write(tenant.postEvent(id)))); // each one replayed
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> receiver.hits("/batch").stream()
                                .map(Receiver.Hit::id)
                                .distinct()
                                .count()
                        == ids.size());
        List<Map<String, Object>> deliveries = tenant.deliveries(endpoint);
        assertEquals(ids.size(), deliveries.size(), "one delivery per event, replays add none");
        assertEquals(
                Set.copyOf(ids),
                receiver.hits("/batch").stream()
                        .map(hit -> JsonPath.from(hit.body()).getString("id"))
                        .collect(Collectors.toSet()));
        // The pull feed has each event once, in the order the topic had them.
        List<String> feed = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> tenant.api()
                                .get("/v1/events?type=post.published&limit=100")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("data.id", String.class),
                        list -> list.size() >= ids.size());
        assertEquals(ids, feed);
        // Only the unreadable record is parked on the dead-letter topic; the rest of its poll was planned.
        List<String> parked = TestKafka.await(
                        Topics.POST_EVENTS + ".dlq",
                        r -> {
                            String id = TestKafka.header(r, CloudEventHeaders.ID);
                            return unreadable.equals(id) || ids.contains(id);
                        },
                        2,
                        Duration.ofSeconds(10))
                .stream()
                .map(r -> TestKafka.header(r, CloudEventHeaders.ID))
                .toList();
        assertEquals(List.of(unreadable), parked);
    }

    private ProducerRecord<String, String> postEvent(String id, String value) {
        var record = new ProducerRecord<>(Topics.POST_EVENTS, "post_batch", value);
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, EventTypes.POST_PUBLISHED.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void shouldRetryWithTheSameWebhookIdWhenTheEndpointFailsOnce() {
        String endpoint = (String) tenant.register(receiver.url("/flaky")).get("id");
        receiver.answer("/flaky", Receiver.Answer.status(500));

        tenant.postPublished();
        // The receiver logs the request before it answers and the dispatcher records the answer later: wait for the
        // record, whose next attempt is computed from the clock then; moving the clock before it would only delay it.
        Map<String, Object> first = await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> tenant.onlyDelivery(endpoint), d -> (int) d.get("attempts") == 1);
        receiver.answer("/flaky", Receiver.Answer.status(200));
        clock.advanceTo(Instant.parse((String) first.get("next_attempt_at"))); // the second attempt is due

        await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.hits("/flaky").size() >= 2);
        List<Receiver.Hit> hits = receiver.hits("/flaky");
        assertEquals(hits.get(0).id(), hits.get(1).id(), "receivers dedupe on webhook-id");
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> "delivered".equals(tenant.onlyDelivery(endpoint).get("status")));
        Map<String, Object> delivery = tenant.onlyDelivery(endpoint);
        assertEquals(2, delivery.get("attempts"));
        List<Map<String, Object>> attempts = tenant.attempts(endpoint, (String) delivery.get("id"));
        assertEquals(
                List.of(500, 200),
                attempts.stream().map(a -> a.get("response_status")).toList());
        @SuppressWarnings("unchecked")
        Map<String, String> sent = (Map<String, String>) attempts.get(0).get("request_headers");
        assertEquals(hits.get(0).signature(), sent.get("webhook-signature"));
        assertEquals(hits.get(0).id(), sent.get("webhook-id"));
    }

    @Test
    void shouldDeliverDestinationMediaAndAccountEventsWhenTheirTopicsCarryThem() {
        String secret = (String) tenant.register(receiver.url("/all")).get("secret");
        Instant now = Instant.now();

        TestKafka.send(
                Topics.PUBLISH_RESULTS,
                "post_1",
                EventTypes.PUBLISH_RESULT,
                new PublishResult(
                        tenant.workspace(),
                        "post_1",
                        "dest_1",
                        "acct_1",
                        "mastodon",
                        PublishResult.PUBLISHED,
                        "123",
                        "https://mastodon.social/@h/123",
                        null,
                        null,
                        1,
                        now,
                        null,
                        now));
        TestKafka.send(
                Topics.MEDIA_EVENTS,
                "med_1",
                EventTypes.MEDIA_READY,
                new MediaEvent(null, EventTypes.MEDIA_READY, tenant.workspace(), "med_1", "image", null, null, now));
        TestKafka.send(
                Topics.ACCOUNTS,
                "acct_1",
                EventTypes.ACCOUNT_EXPIRING,
                new AccountEvent("acct_1", tenant.workspace(), "x", "@h", "connected", "live", now));
        // A type this service has never heard of is delivered as it is, with the record as data.
        TestKafka.send(
                Topics.ACCOUNTS,
                "acct_1",
                "account.suspended",
                new AccountEvent("acct_1", tenant.workspace(), "x", "@h", "suspended", "live", now));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.hits("/all").size() >= 4);
        Map<String, JsonPath> byType = new java.util.HashMap<>();
        for (Receiver.Hit hit : receiver.hits("/all")) {
            StandardWebhooksVerifier.verify(
                    secret, hit.id(), hit.timestamp(), hit.signature(), hit.body(), clock.instant());
            JsonPath payload = JsonPath.from(hit.body());
            byType.put(payload.getString("type"), payload);
            assertTrue(payload.getString("id").startsWith("evt_"), hit.body());
        }
        assertEquals(
                "https://mastodon.social/@h/123",
                byType.get("destination.published").getString("data.permalink"));
        assertEquals("med_1", byType.get("media.ready").getString("data.media_id"));
        assertEquals("acct_1", byType.get("account.expiring").getString("data.account_id"));
        assertEquals("suspended", byType.get("account.suspended").getString("data.status"));
    }

    @Test
    void shouldOnlyDeliverSubscribedTypesWhenAnEndpointFiltersEventTypes() {
        String filtered =
                (String) tenant.register(receiver.url("/failures-only"), Map.of("event_types", List.of("post.failed")))
                        .get("id");
        tenant.register(receiver.url("/everything"));

        tenant.postPublished();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.hits("/everything").size() == 1);
        assertEquals(0, receiver.hits("/failures-only").size());
        assertEquals(List.of(), tenant.deliveries(filtered));
    }

    @Test
    void shouldKeepDeliveringToOtherEndpointsWhenOneEndpointIsSlow() {
        Tenant slowTenant = new Tenant();
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer("/slow", Receiver.Answer.heldUntil(release));
        String slow = (String) slowTenant.register(receiver.url("/slow")).get("id");
        tenant.register(receiver.url("/fast"));
        try {
            for (int i = 0; i < 30; i++) {
                slowTenant.postPublished();
            }
            // The slow endpoint holds every request it gets; it never gets more than its in-flight limit at once.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.hits("/slow").size() >= 8);

            tenant.postPublished();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> receiver.hits("/fast").size() == 1);
            assertEquals(8, receiver.hits("/slow").size(), "at most 8 requests in flight to one endpoint");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> slowTenant.deliveries(slow).stream().allMatch(d -> "delivered".equals(d.get("status"))));
        assertEquals(
                30,
                receiver.hits("/slow").stream().map(Receiver.Hit::id).distinct().count());
    }

    @Test
    void shouldFilterDeliveriesWhenListingByStatusAndEventType() {
        receiver.answer("/gone", Receiver.Answer.status(204));
        String endpoint = (String) tenant.register(receiver.url("/gone")).get("id");
        tenant.postPublished();
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> "delivered".equals(tenant.onlyDelivery(endpoint).get("status")));

        String base = "/v1/webhooks/" + endpoint + "/deliveries";
        tenant.api()
                .get(base + "?status=delivered&event_type=post.published")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].event_type", equalTo("post.published"));
        tenant.api().get(base + "?status=failed").then().statusCode(200).body("data.size()", equalTo(0));
        tenant.api()
                .get(base + "?event_type=post.failed")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
        tenant.api()
                .get(base + "?created_to=2020-01-01T00:00:00Z")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
        tenant.api().get(base + "?status=lost").then().statusCode(400).body("error.details.field", hasItem("status"));
        tenant.api()
                .get(base + "?created_from=yesterday")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("invalid_datetime"));
    }
}

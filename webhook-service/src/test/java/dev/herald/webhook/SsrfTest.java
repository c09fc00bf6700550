package dev.herald.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;
import dev.herald.webhook.support.Receiver;
import dev.herald.webhook.support.Tenant;
import dev.herald.webhook.support.TestResolver;

/**
 * SSRF guard (RELIABILITY.md): every blocked class is refused when the endpoint is registered and again when a
 * message is sent (the name may resolve elsewhere by then), and the sender connects only to the vetted address.
 * Loopback is allowed in this profile (test receivers); its refusal is covered by {@code UrlGuardTest}.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class SsrfTest {

    /** One address of each blocked class but loopback. */
    static final List<String> BLOCKED = List.of(
            "0.0.0.1",
            "10.1.2.3",
            "100.64.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.1",
            "203.0.113.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::10.0.0.1",
            "64:ff9b::a00:1",
            "2002:a00:1::1");

    private static final String PUBLIC_ADDRESS = "93.184.216.34";

    @Inject
    TestResolver dns;

    private final Tenant tenant = new Tenant();

    @Test
    void shouldRefuseEachBlockedClassWhenTheEndpointIsRegistered() {
        for (int i = 0; i < BLOCKED.size(); i++) {
            String address = BLOCKED.get(i);
            String literal = address.contains(":") ? "[" + address + "]" : address;
            refused("http://" + literal + "/hook", "url_not_allowed");

            String name = "blocked" + i + ".example";
            dns.point(name, address);
            refused("http://" + name + "/hook", "url_not_allowed");
        }
        // A name with one public and one private address is refused too: every record is checked.
        dns.point("mixed.example", PUBLIC_ADDRESS, "10.0.0.1");
        refused("http://mixed.example/hook", "url_not_allowed");
    }

    @Test
    void shouldRefuseNumericHostSpellingsWhenTheEndpointIsRegistered() {
        for (String url : List.of(
                "http://2130706433/hook", "http://0177.0.0.1/hook", "http://0x7f.0.0.1/hook", "http://10.1/hook")) {
            refused(url, "url_not_allowed");
        }
    }

    @Test
    void shouldRefuseOtherSchemesCredentialsAndPlainHttpInLiveMode() {
        refused("ftp://example.com/x", "invalid_url");
        refused("not a url", "invalid_url");
        refused("https://user:pass@example.com/x", "invalid_url");
        dns.point("live.example", PUBLIC_ADDRESS);
        given().header("Authorization", "Bearer " + InternalTokens.forWorkspace(tenant.workspace(), "live"))
                .contentType(ContentType.JSON)
                .body(Map.of("url", "http://live.example/hook"))
                .post("/v1/webhooks")
                .then()
                .statusCode(400)
                .body("error.details.code", hasItem("https_required"));
    }

    @Test
    void shouldRefuseToSendWhenTheNameResolvesToABlockedAddressAtSendTime() {
        dns.point("rebinding.example", PUBLIC_ADDRESS);
        String endpoint =
                (String) tenant.register("http://rebinding.example/hook").get("id");

        for (String address : BLOCKED) {
            dns.point("rebinding.example", address);
            tenant.api()
                    .post("/v1/webhooks/" + endpoint + "/test")
                    .then()
                    .statusCode(200)
                    .body("response_status", nullValue())
                    .body("error", startsWith("url_not_allowed"));
        }
    }

    @Test
    void shouldConnectToTheVettedAddressWhenSending() throws Exception {
        try (Receiver receiver = new Receiver()) {
            // Only this service's resolver knows the name: a second lookup by the HTTP client would fail.
            dns.point("receiver.example", "127.0.0.1");
            String endpoint = (String) tenant.register("http://receiver.example:" + receiver.port() + "/vetted")
                    .get("id");

            tenant.api()
                    .post("/v1/webhooks/" + endpoint + "/test")
                    .then()
                    .statusCode(200)
                    .body("response_status", equalTo(204))
                    .body("error", nullValue());

            assertEquals(1, receiver.hits("/vetted").size());
            assertEquals(
                    "receiver.example:" + receiver.port(),
                    receiver.hits("/vetted").get(0).headers().get("host"));
        }
    }

    private void refused(String url, String code) {
        tenant.api()
                .body(Map.of("url", url))
                .post("/v1/webhooks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"))
                .body("error.details.field", hasItem("url"))
                .body("error.details.code", hasItem(code));
    }
}

package dev.herald.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.herald.gateway.identity.OidcProviderStub;
import dev.herald.testsupport.HeraldInfraResource;

/** Signed-in users (OIDC), organization admins managing workspaces, agency keys, and CORS per workspace. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcProviderStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class UsersAndWorkspacesTest {

    @Test
    void shouldActInAWorkspaceOfTheUsersOrganizationWhenTheTokenIsValid() {
        Provisioned acme = provision("Acme", List.of());
        String token =
                OidcProviderStub.sign(OidcProviderStub.claims("alice", List.of(acme.organizationId() + ":member")));

        as(token)
                .header("Herald-Workspace", acme.workspaceId())
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("workspace_id", equalTo(acme.workspaceId()))
                .body("key_id", nullValue())
                .body("user.id", equalTo("alice"))
                .body("user.organizations." + acme.organizationId(), equalTo("member"))
                .body("scopes", hasItem("posts:write"))
                .body("scopes", not(hasItem("keys:write")));

        as(token)
                .header("Herald-Workspace", acme.workspaceId())
                .contentType(ContentType.JSON)
                .body("{\"caption\":\"from the dashboard\"}")
                .post("/v1/posts")
                .then()
                .statusCode(200)
                .header("RateLimit", startsWith("\"default\";r="));
        String forwarded = UpstreamStub.LAST.get("last").get("authorization");
        assertTrue(forwarded.startsWith("Bearer ey"), "the user's token is replaced by the internal one");
        assertTrue(!forwarded.contains(token), "the user's own token never reaches a service");

        // A member does not manage keys; a workspace of another organization does not exist for them.
        as(token)
                .header("Herald-Workspace", acme.workspaceId())
                .get("/v1/api-keys")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
        Provisioned other = provision("Other", List.of());
        as(token)
                .header("Herald-Workspace", other.workspaceId())
                .get("/v1/me")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
        as(token).get("/v1/posts").then().statusCode(400).body("error.code", equalTo("workspace_required"));
    }

    @Test
    void shouldRefuseTokensThatAreExpiredForeignForgedOrForAnotherAudience() {
        Object orgs = List.of("org_x:admin");
        var expired = OidcProviderStub.claims("bob", orgs)
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600));
        var otherAudience = OidcProviderStub.claims("bob", orgs).audience("someone-else");
        var otherIssuer = OidcProviderStub.claims("bob", orgs).issuer("https://evil.example.com/realms/herald");

        for (String token : List.of(
                OidcProviderStub.sign(expired),
                OidcProviderStub.sign(otherAudience),
                OidcProviderStub.sign(otherIssuer),
                OidcProviderStub.forge(OidcProviderStub.claims("bob", orgs)),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IifQ.")) {
            as(token)
                    .get("/v1/me")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer")
                    .body("error.code", equalTo("unauthorized"));
        }
        as(OidcProviderStub.sign(OidcProviderStub.claims("bob", orgs)))
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("user.organizations.org_x", equalTo("admin"));
    }

    @Test
    void shouldLetAnOrganizationAdminCreateListRenameAndDeleteWorkspaces() {
        Provisioned acme = provision("Acme HQ", List.of());
        String admin = OidcProviderStub.sign(
                OidcProviderStub.claims("carol", Map.of(acme.organizationId(), "admin", "org_elsewhere", "member")));

        String idempotencyKey = "europe-" + System.nanoTime();
        var created = as(admin)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body(Map.of("name", "Acme Europe"))
                .post("/v1/workspaces")
                .then()
                .statusCode(201)
                .body("object", equalTo("workspace"))
                .body("organization_id", equalTo(acme.organizationId()))
                .body("api_key.secret", startsWith("hk_live_"))
                .extract();
        String europe = created.path("id");
        String europeKey = created.path("api_key.secret");
        // A retry of the same create gets the same workspace and key, not a second workspace.
        as(admin)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body(Map.of("name", "Acme Europe"))
                .post("/v1/workspaces")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(europe))
                .body("api_key.secret", equalTo(europeKey));
        given().header("Authorization", "Bearer " + europeKey)
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("workspace_id", equalTo(europe));

        as(admin)
                .get("/v1/workspaces?limit=100")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(europe))
                .body("data.id", hasItem(acme.workspaceId()));
        as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Acme EU"))
                .patch("/v1/workspaces/" + europe)
                .then()
                .statusCode(200)
                .body("name", equalTo("Acme EU"));
        as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", " "))
                .patch("/v1/workspaces/" + europe)
                .then()
                .statusCode(400)
                .body("error.details[0].field", equalTo("name"));
        as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Theirs", "organization_id", "org_elsewhere"))
                .post("/v1/workspaces")
                .then()
                .statusCode(404);

        as(admin).delete("/v1/workspaces/" + europe).then().statusCode(200).body("deleted_at", not(nullValue()));
        as(admin).get("/v1/workspaces/" + europe).then().statusCode(404);
        // Its keys stop working within the key cache time (1 s in tests).
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().header("Authorization", "Bearer " + europeKey)
                        .get("/v1/me")
                        .then()
                        .statusCode(401));
    }

    @Test
    void shouldLetAnAgencyKeyManageItsOrganizationsWorkspacesButNotDeleteItsOwn() {
        Provisioned agency = provision("Agency", List.of("posts:read", "workspaces:write"));
        Provisioned plain = provision("Plain", List.of());
        RequestSpecification agencyKey = given().header("Authorization", "Bearer " + agency.secret());

        String client = agencyKey
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Client One"))
                .post("/v1/workspaces")
                .then()
                .statusCode(201)
                .body("organization_id", equalTo(agency.organizationId()))
                .body("api_key.mode", equalTo("test"))
                .extract()
                .path("id");
        given().header("Authorization", "Bearer " + agency.secret())
                .get("/v1/workspaces")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(client));
        given().header("Authorization", "Bearer " + agency.secret())
                .get("/v1/workspaces/" + plain.workspaceId())
                .then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + agency.secret())
                .delete("/v1/workspaces/" + agency.workspaceId())
                .then()
                .statusCode(409)
                .body("error.code", equalTo("own_workspace"));
        given().header("Authorization", "Bearer " + plain.secret())
                .get("/v1/workspaces")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("insufficient_scope"));
    }

    @Test
    void shouldAnswerCorsOnlyForOriginsTheWorkspaceAllows() {
        Provisioned shop = provision("Shop", List.of());
        String admin =
                OidcProviderStub.sign(OidcProviderStub.claims("dave", List.of(shop.organizationId() + ":admin")));
        String origin = "https://app.shop-" + System.nanoTime() + ".example";

        preflight(origin).then().statusCode(204).header("Access-Control-Allow-Origin", nullValue());
        as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("cors_origins", List.of("ftp://nope", "https://x.example/path")))
                .patch("/v1/workspaces/" + shop.workspaceId())
                .then()
                .statusCode(400)
                .body("error.details.code", contains("invalid_origin", "invalid_origin"));
        as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("cors_origins", List.of(origin.toUpperCase().replace("HTTPS", "https") + ":443")))
                .patch("/v1/workspaces/" + shop.workspaceId())
                .then()
                .statusCode(200)
                .body("cors_origins", contains(origin));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> preflight(origin)
                        .then()
                        .statusCode(204)
                        .header("Access-Control-Allow-Origin", equalTo(origin))
                        .header("Access-Control-Allow-Headers", org.hamcrest.Matchers.containsString("Authorization")));
        given().header("Authorization", "Bearer " + shop.secret())
                .header("Origin", origin)
                .get("/v1/me")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(origin))
                .header("Access-Control-Expose-Headers", org.hamcrest.Matchers.containsString("RateLimit"));
        // Another workspace's key from that page gets no CORS headers: the browser will not hand over the answer.
        Provisioned stranger = provision("Stranger", List.of());
        given().header("Authorization", "Bearer " + stranger.secret())
                .header("Origin", origin)
                .get("/v1/me")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private static io.restassured.response.Response preflight(String origin) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .options("/v1/posts");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static Provisioned provision(String name, List<String> scopes) {
        Map<String, Object> body = scopes.isEmpty() ? Map.of("name", name) : Map.of("name", name, "scopes", scopes);
        var response = given().header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/admin/v1/workspaces")
                .then()
                .statusCode(201)
                .extract();
        return new Provisioned(
                response.path("organization_id"), response.path("workspace_id"), response.path("api_key.secret"));
    }

    record Provisioned(String organizationId, String workspaceId, String secret) {}
}

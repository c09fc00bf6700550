package dev.herald.publisher.connector.linkedin;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import dev.herald.publisher.connector.StubHttp;

/**
 * The organization side of {@link LinkedInStub}, as documented for the Community Management API: who administers
 * which page ({@code GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED},
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role),
 * the page itself ({@code GET /rest/organizations/{id}}), its posts' lifetime statistics
 * ({@code GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={urn}&shares=List(…)}
 * or {@code ugcPosts=List(…)}, Rest.li 2.0 list syntax, scope {@code rw_organization_admin} and the ADMINISTRATOR role,
 * else 403 ACCESS_DENIED;
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics) and its
 * follower count ({@code GET /rest/networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_COMPANY} →
 * {@code {firstDegreeSize}}). Every call needs the version headers; 429 carries no reset header.
 */
final class LinkedInOrganizationStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A company page: its name, followers, and its posts' {@code totalShareStatistics} by post URN. */
    static final class Organization {
        final String id;
        final String name;
        volatile long followers = 777;
        final Map<String, ObjectNode> statistics = new ConcurrentHashMap<>();

        Organization(String id, String name) {
            this.id = id;
            this.name = name;
        }

        String urn() {
            return "urn:li:organization:" + id;
        }
    }

    static final Map<String, Organization> ORGANIZATIONS = new ConcurrentHashMap<>();

    private LinkedInOrganizationStub() {}

    static Map<String, com.sun.net.httpserver.HttpHandler> routes() {
        return Map.of(
                "/rest/organizationAcls", LinkedInOrganizationStub::acls,
                "/rest/organizations/", LinkedInOrganizationStub::organization,
                "/rest/organizationalEntityShareStatistics", LinkedInOrganizationStub::statistics,
                "/rest/networkSizes/", LinkedInOrganizationStub::networkSize);
    }

    /** Whether the member may act as {@code urn}: themself, or a page they administer (with the scope to post). */
    static boolean mayActAs(LinkedInStub.Member member, String urn) {
        return ("urn:li:person:" + member.sub).equals(urn)
                || (member.granted.contains("w_organization_social")
                        && member.administers.stream().anyMatch(o -> o.urn().equals(urn)));
    }

    private static void acls(HttpExchange exchange) throws IOException {
        LinkedInStub.Member member = LinkedInStub.versioned(exchange);
        if (member == null) {
            return;
        }
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        if (!"roleAssignee".equals(query.get("q"))) {
            LinkedInStub.error(exchange, 400, "ILLEGAL_ARGUMENT", "q=roleAssignee is required");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        var elements = answer.putArray("elements");
        for (Organization organization : member.administers) {
            elements.addObject()
                    .put("roleAssignee", "urn:li:person:" + member.sub)
                    .put("role", "ADMINISTRATOR")
                    .put("state", "APPROVED")
                    .put("organization", organization.urn());
        }
        answer.putObject("paging").put("count", 10).put("start", 0).put("total", elements.size());
        StubHttp.send(exchange, 200, "application/json", answer.toString());
    }

    private static void organization(HttpExchange exchange) throws IOException {
        if (LinkedInStub.versioned(exchange) == null) {
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/rest/organizations/".length());
        Organization organization = ORGANIZATIONS.get(id);
        if (organization == null) {
            LinkedInStub.error(exchange, 404, "NOT_FOUND", "Not Found");
            return;
        }
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode()
                        .put("id", Long.parseLong(organization.id))
                        .put("localizedName", organization.name)
                        .put("vanityName", organization.name.toLowerCase().replace(" ", "-"))
                        .toString());
    }

    private static void statistics(HttpExchange exchange) throws IOException {
        LinkedInStub.Member member = LinkedInStub.versioned(exchange);
        if (member == null) {
            return;
        }
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        Organization organization = administered(exchange, member, query.get("organizationalEntity"));
        if (organization == null) {
            return;
        }
        if (!"organizationalEntity".equals(query.get("q"))) {
            LinkedInStub.error(exchange, 400, "ILLEGAL_ARGUMENT", "q=organizationalEntity is required");
            return;
        }
        String list = query.getOrDefault("shares", query.get("ugcPosts"));
        if (list == null || !list.startsWith("List(") || !list.endsWith(")")) {
            LinkedInStub.error(exchange, 400, "ILLEGAL_ARGUMENT", "shares or ugcPosts must be List(urn,...)");
            return;
        }
        String prefix = query.containsKey("shares") ? "urn:li:share:" : "urn:li:ugcPost:";
        ObjectNode answer = JSON.createObjectNode();
        var elements = answer.putArray("elements");
        for (String urn : list.substring(5, list.length() - 1).split(",")) {
            if (!urn.startsWith(prefix)) {
                LinkedInStub.error(exchange, 400, "ILLEGAL_ARGUMENT", urn + " is not a " + prefix + " URN");
                return;
            }
            ObjectNode total = organization.statistics.get(urn);
            if (total != null) {
                ObjectNode element = elements.addObject()
                        .put("organizationalEntity", organization.urn())
                        .put(query.containsKey("shares") ? "share" : "ugcPost", urn);
                element.set("totalShareStatistics", total);
            }
        }
        answer.putObject("paging").put("count", 10).put("start", 0);
        StubHttp.send(exchange, 200, "application/json", answer.toString());
    }

    private static void networkSize(HttpExchange exchange) throws IOException {
        LinkedInStub.Member member = LinkedInStub.versioned(exchange);
        if (member == null) {
            return;
        }
        String urn = URLDecoder.decode(
                exchange.getRequestURI().getRawPath().substring("/rest/networkSizes/".length()),
                StandardCharsets.UTF_8);
        Organization organization = administered(exchange, member, urn);
        if (organization == null) {
            return;
        }
        if (!"COMPANY_FOLLOWED_BY_COMPANY"
                .equals(StubHttp.form(exchange.getRequestURI().getRawQuery()).get("edgeType"))) {
            LinkedInStub.error(exchange, 400, "ILLEGAL_ARGUMENT", "edgeType=COMPANY_FOLLOWED_BY_COMPANY is required");
            return;
        }
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode()
                        .put("firstDegreeSize", organization.followers)
                        .toString());
    }

    /** The page behind {@code urn} when the member's token may read its reports; null once answered otherwise. */
    private static Organization administered(HttpExchange exchange, LinkedInStub.Member member, String urn)
            throws IOException {
        Organization organization = member.administers.stream()
                .filter(o -> o.urn().equals(urn))
                .findFirst()
                .orElse(null);
        if (organization == null || !member.granted.contains("rw_organization_admin")) {
            LinkedInStub.error(
                    exchange,
                    403,
                    "ACCESS_DENIED",
                    "Not enough permissions to access: organizationalEntityShareStatistics.GET");
            return null;
        }
        if (member.throttled) {
            LinkedInStub.error(
                    exchange,
                    429,
                    "TOO_MANY_REQUESTS",
                    "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.");
            return null;
        }
        return organization;
    }

    static List<String> scopes(String requested) {
        return List.of(requested.split(" "));
    }
}

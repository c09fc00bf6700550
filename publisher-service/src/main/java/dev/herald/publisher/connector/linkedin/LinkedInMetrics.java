package dev.herald.publisher.connector.linkedin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.token.TokenService;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.metrics.MetricsOutcome;
import dev.herald.publisher.metrics.PlatformMetrics;

/**
 * Metrics of an organization account (connected with {@code organization_id}, which asks
 * {@code rw_organization_admin}): a post's lifetime {@code totalShareStatistics} from
 * {@code GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={org}&shares=List({urn})}
 * ({@code ugcPosts=List(…)} for a {@code urn:li:ugcPost:};
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics):
 * {@code impressionCount} (impressions), {@code uniqueImpressionsCount} (reach), {@code likeCount} (likes),
 * {@code commentCount} (comments), {@code shareCount} (shares), {@code clickCount} (clicks); LinkedIn counts no saves.
 * It keeps twelve months: an older post (or one not the organization's) has no element, {@code post_not_found}.
 * Followers are {@code firstDegreeSize} of {@code GET /rest/networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_COMPANY}
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/follower-statistics).
 *
 * <p>A member account has none: LinkedIn gives a member's post statistics ({@code memberCreatorPostAnalytics}) and
 * social actions ({@code r_member_social}) only to apps approved for its Community Management API, so Herald answers
 * {@code unsupported} rather than zeros. A 403 means the token lacks the organization scopes or the member is no
 * longer its administrator: {@code metrics_permission_missing}. LinkedIn's 429 has no reset header: its quotas are
 * daily, so the next UTC day ({@link LinkedInConnector#outcome}).
 */
record LinkedInMetrics(TokenService tokens, PlatformHttp http, String api) {

    MetricsOutcome fetch(Account account, MetricsRequest request) {
        String organization = account.externalId();
        if (!organization.startsWith(LinkedInConnector.ORGANIZATION_URN)) {
            return MetricsOutcome.unsupported("LinkedIn gives no metrics of a member's posts or followers to apps"
                    + " without its Community Management API (r_member_social, memberCreatorPostAnalytics);"
                    + " connect an organization page (organization_id) to get them.");
        }
        boolean post = MetricsRequest.POST.equals(request.kind());
        return PlatformMetrics.withCredentials(tokens, account, credentials -> {
            String path = post
                    ? "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity="
                            + encode(organization) + "&"
                            + (request.platformPostId().startsWith("urn:li:ugcPost:") ? "ugcPosts" : "shares")
                            + "=List(" + encode(request.platformPostId()) + ")"
                    : "/rest/networkSizes/" + encode(organization) + "?edgeType=COMPANY_FOLLOWED_BY_COMPANY";
            PlatformHttp.Answer answer =
                    http.get(URI.create(api + path), LinkedInConnector.headers(credentials.accessToken()));
            if (answer.status() == 403) {
                return MetricsOutcome.failed(
                        "metrics_permission_missing",
                        "LinkedIn refused (" + answer.body().path("message").asText()
                                + "); an administrator of the page must reconnect it to grant rw_organization_admin.");
            }
            if (!answer.ok()) {
                return PlatformMetrics.error(answer, LinkedInConnector.outcome(answer, Instant.now()));
            }
            if (!post) {
                return PlatformMetrics.followers(PlatformMetrics.count(answer.body(), "firstDegreeSize"), answer);
            }
            JsonNode element = answer.body().path("elements").path(0);
            if (element.isMissingNode()) {
                return MetricsOutcome.failed(
                        MetricsOutcome.POST_NOT_FOUND,
                        "LinkedIn has no statistics of " + request.platformPostId() + " for " + organization
                                + " (it keeps twelve months).");
            }
            JsonNode total = element.path("totalShareStatistics");
            return MetricsOutcome.collected(
                    new MetricsReport.Values(
                            PlatformMetrics.count(total, "impressionCount"),
                            PlatformMetrics.count(total, "uniqueImpressionsCount"),
                            PlatformMetrics.count(total, "likeCount"),
                            PlatformMetrics.count(total, "commentCount"),
                            PlatformMetrics.count(total, "shareCount"),
                            null,
                            PlatformMetrics.count(total, "clickCount"),
                            null,
                            null),
                    answer.raw());
        });
    }

    private static String encode(String urn) {
        return URLEncoder.encode(urn, StandardCharsets.UTF_8);
    }
}

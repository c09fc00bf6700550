package dev.herald.publisher.connector.oauth;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.publisher.connector.http.PlatformHttp;

/** The "who is this token" call every connect flow ends with ({@code /2/users/me}, userinfo, verify_credentials). */
public final class Profiles {

    private Profiles() {}

    /**
     * The profile behind {@code token}; a 4xx (other than 429) is a permanent refusal, anything else transient.
     *
     * @param idField the field a real answer always has
     */
    public static JsonNode fetch(PlatformHttp http, URI uri, String token, String platformName, String idField) {
        PlatformHttp.Answer answer;
        try {
            answer = http.get(uri, Map.of("Authorization", "Bearer " + token));
        } catch (PlatformHttp.NotSent e) {
            throw OAuthException.transientFailure(platformName + " could not be reached: " + e.getMessage());
        }
        JsonNode found = answer.body().has("data") ? answer.body().path("data") : answer.body();
        if (answer.status() == 200 && found.hasNonNull(idField)) {
            return answer.body();
        }
        JsonNode body = answer.body();
        String detail = body.path("detail")
                .asText(body.path("message")
                        .asText(body.path("error").asText(body.path("title").asText("no detail"))));
        throw new OAuthException(
                answer.status() / 100 == 4 && answer.status() != 429,
                "profile_unavailable",
                platformName + " answered " + answer.status() + " to " + uri.getPath() + ": " + detail);
    }
}

package dev.herald.publisher.connector.sandbox;

import dev.herald.rules.Platform;

/**
 * The permalink a sandbox post gets: the impersonated platform's shape (from each platform's documented permalink)
 * under {@code https://sandbox.herald.dev/<platform>/}, so an integration can parse sandbox links as it will parse
 * real ones. The generic sandbox keeps its own shape.
 */
final class SandboxPermalinks {

    static final String BASE = "https://sandbox.herald.dev/";

    private SandboxPermalinks() {}

    static String of(String platform, String rawHandle, String id) {
        String handle = rawHandle.startsWith("@") ? rawHandle.substring(1) : rawHandle;
        Platform impersonated = Platform.of(platform).orElse(Platform.SANDBOX);
        String path = switch (impersonated) {
            case X -> handle + "/status/" + id;
            case BLUESKY -> "profile/" + handle + "/post/" + id;
            case MASTODON -> "@" + handle + "/" + id;
            case LINKEDIN -> "feed/update/urn:li:share:" + id;
            case FACEBOOK -> handle + "/posts/" + id;
            case INSTAGRAM -> "p/" + id + "/";
            case THREADS -> "@" + handle + "/post/" + id;
            case YOUTUBE -> "watch?v=" + id;
            case TIKTOK -> "@" + handle + "/video/" + id;
            case PINTEREST -> "pin/" + id + "/";
            case SANDBOX -> null;
        };
        return path == null ? BASE + handle + "/posts/" + id : BASE + impersonated.id() + "/" + path;
    }
}

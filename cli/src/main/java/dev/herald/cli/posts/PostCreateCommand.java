package dev.herald.cli.posts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.api.ApiException;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.api.UnreachableException;
import dev.herald.cli.media.MediaUploader;
import dev.herald.cli.media.ProgressOption;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald posts create}: uploads the local media, waits until they are processed, then creates the post. One
 * Idempotency-Key covers the whole command (each upload under {@code <key>#media<i>}), so running it again with the
 * same {@code --idempotency-key} after a failure makes no second upload and no second post.
 */
@Command(name = "create", description = "Create a post: upload --media files, then POST /v1/posts.")
public final class PostCreateCommand extends ApiCommand {

    /** The post-service learns of ready media from Kafka a moment after media-service says so. */
    private static final Set<String> MEDIA_NOT_SEEN_YET = Set.of("media_not_found", "media_not_ready");

    private static final int NETWORK_ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Option(names = "--caption", required = true, description = "The text of the post.")
    String caption;

    @Option(names = "--account", paramLabel = "ACCOUNT_ID", description = "A target account (acct_…); repeatable.")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--platform", description = "Every connected account of this platform (e.g. x); repeatable.")
    List<String> platforms = new ArrayList<>();

    @Option(
            names = "--at",
            paramLabel = "TIME",
            description = "When: '2026-12-01 09:00' (a local time in --tz) or 2026-12-01T08:00:00Z. Absent: now.")
    String at;

    @Option(names = "--tz", paramLabel = "ZONE", description = "IANA time zone of --at (default: this machine's).")
    String tz;

    @Option(names = "--media", paramLabel = "FILE", description = "A local image or video to upload; repeatable.")
    List<String> media = new ArrayList<>();

    @Option(names = "--alt-text", description = "Alternative text for every --media file.")
    String altText;

    @Option(names = "--draft", description = "Store as a draft: nothing is sent until published.")
    boolean draft;

    @Option(names = "--queue", paramLabel = "QUEUE_ID", description = "Into the next free slot of this queue (que_…).")
    String queue;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description = "Idempotency-Key of the creation (generated if absent and printed on stderr if it fails).")
    String idempotencyKey;

    @Option(
            names = "--media-timeout",
            defaultValue = "120",
            paramLabel = "SECONDS",
            description = "How long to wait for media processing. Default: ${DEFAULT-VALUE}.")
    long mediaTimeoutSeconds;

    @Mixin
    ProgressOption progress;

    PostCreateCommand(Context context) {
        super(context);
    }

    @Override
    protected void run() {
        Schedule schedule;
        try {
            schedule = Schedule.of(at, tz, context.clock().getZone());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Path> files = media.stream().map(MediaUploader::readable).toList();
        HeraldApi api = api();
        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        try {
            List<String> mediaIds = upload(api, files, key);
            Map<String, Object> body = body(schedule, mediaIds);
            JsonNode post = create(api, body, key);
            PostsCommand.printPost(this, post);
        } catch (ApiException | UnreachableException e) {
            if (idempotencyKey == null && !(e instanceof ApiException api4xx && api4xx.status() < 500)) {
                context.err().println("herald: to retry without risk of a second post: --idempotency-key " + key);
            }
            throw e;
        }
    }

    /** The create body as docs/api.md describes it; absent options are left out. */
    public Map<String, Object> body(Schedule schedule, List<String> mediaIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caption", caption);
        if (!accounts.isEmpty()) {
            body.put("account_ids", accounts);
        }
        if (!platforms.isEmpty()) {
            body.put("platforms", platforms);
        }
        if (schedule.scheduledAt() != null) {
            body.put("scheduled_at", schedule.scheduledAt());
        }
        if (schedule.timezone() != null) {
            body.put("timezone", schedule.timezone());
        }
        if (queue != null) {
            body.put("queue_id", queue);
        }
        if (draft) {
            body.put("mode", "draft");
        }
        if (!mediaIds.isEmpty()) {
            body.put("media_ids", mediaIds);
        }
        return body;
    }

    private List<String> upload(HeraldApi api, List<Path> files, String key) {
        var uploader = new MediaUploader(api, context.err(), progress.shown(context));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String mediaKey = key + "#media" + i;
            Path file = files.get(i);
            JsonNode item = withNetworkRetries(() -> uploader.upload(file, altText, mediaKey));
            ids.add(item.path("id").asText());
        }
        for (String id : ids) {
            uploader.awaitReady(id, Duration.ofSeconds(mediaTimeoutSeconds));
        }
        return ids;
    }

    /**
     * Creates the post under the key, asking again (same key, same body: at most one post) while the post-service has
     * not yet seen the media become ready, while an earlier attempt with the key is still running, or after a
     * connection failure.
     */
    private JsonNode create(HeraldApi api, Map<String, Object> body, String key) {
        Instant deadline = Instant.now().plusSeconds(Math.max(30, mediaTimeoutSeconds));
        while (true) {
            try {
                return withNetworkRetries(() -> api.post("/v1/posts", body, key));
            } catch (ApiException e) {
                boolean mediaNotSeen = e.status() == 400
                        && !body.getOrDefault("media_ids", List.of()).equals(List.of())
                        && e.onlyDetails(
                                d -> MEDIA_NOT_SEEN_YET.contains(d.path("code").asText()));
                boolean inProgress = e.status() == 409 && "idempotency_request_in_progress".equals(e.code());
                if (!(mediaNotSeen || inProgress) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                MediaUploader.pause(RETRY_PAUSE);
            }
        }
    }

    private static JsonNode withNetworkRetries(Supplier<JsonNode> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (UnreachableException | ApiException e) {
                boolean transient5xx = e instanceof ApiException api && (api.status() == 502 || api.status() == 503);
                if (!(e instanceof UnreachableException || transient5xx) || attempt == NETWORK_ATTEMPTS) {
                    throw e;
                }
                MediaUploader.pause(RETRY_PAUSE.multipliedBy(attempt));
            }
        }
    }
}

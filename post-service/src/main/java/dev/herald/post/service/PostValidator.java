package dev.herald.post.service;

import static dev.herald.post.service.PostService.DRAFT;
import static dev.herald.post.service.PostService.PUBLISH_NOW;
import static dev.herald.post.service.PostService.QUEUE;
import static dev.herald.post.service.PostService.SCHEDULE;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.post.AccountView;
import dev.herald.post.Destination;
import dev.herald.post.MediaView;
import dev.herald.post.Post;
import dev.herald.post.PostContent;
import dev.herald.post.config.PostConfig;
import dev.herald.post.queue.service.QueueService;
import dev.herald.post.repository.AccountViewRepository;
import dev.herald.post.repository.MediaViewRepository;
import dev.herald.post.rest.CreatePostRequest;
import dev.herald.post.rest.UpdatePostRequest;
import dev.herald.rules.Platform;
import dev.herald.rules.PlatformRules;
import dev.herald.rules.PostDraft;
import dev.herald.rules.Problem;

/**
 * Checks a post as a whole — a new one, or one as it will be after an edit — against Herald's own limits, the
 * workspace's accounts, media and queues, and every target platform's rules. Every problem is reported, not just the
 * first. Nothing is stored.
 */
@ApplicationScoped
public class PostValidator {

    private static final int MAX_METADATA_KEYS = 20;
    private static final int MAX_MEDIA = 20;
    private static final int MAX_THREAD_PARTS = 25;

    private final AccountTargets targets;
    private final AccountViewRepository accounts;
    private final MediaViewRepository media;
    private final QueueService queues;
    private final PostConfig config;

    public PostValidator(
            AccountTargets targets,
            AccountViewRepository accounts,
            MediaViewRepository media,
            QueueService queues,
            PostConfig config) {
        this.targets = targets;
        this.accounts = accounts;
        this.media = media;
        this.queues = queues;
        this.config = config;
    }

    /** Checks a create request. */
    public Validation validate(String workspaceId, String mode, CreatePostRequest request) {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        List<ApiError.Detail> problems = new ArrayList<>();
        checkCaption(request.caption(), problems);
        String postMode = request.mode() != null
                ? request.mode()
                : request.queueId() != null ? QUEUE : request.scheduledAt() != null ? SCHEDULE : PUBLISH_NOW;
        Instant scheduledAt = null;
        List<String> accountIds = withPlatforms(workspaceId, mode, request, problems);
        if (!QUEUE.equals(postMode) && request.queueId() != null) {
            problems.add(new ApiError.Detail("queue_id", "not_allowed", "queue_id goes with mode queue."));
        }
        switch (postMode) {
            case PUBLISH_NOW -> {
                if (request.scheduledAt() != null) {
                    problems.add(new ApiError.Detail(
                            "scheduled_at", "not_allowed", "publish_now takes no scheduled_at; use mode schedule."));
                }
            }
            case SCHEDULE -> {
                if (request.scheduledAt() == null) {
                    problems.add(new ApiError.Detail("scheduled_at", "required", "mode schedule needs scheduled_at."));
                } else {
                    scheduledAt = futureTime(request.scheduledAt(), request.timezone(), problems);
                }
            }
            case QUEUE -> {
                if (request.scheduledAt() != null) {
                    problems.add(new ApiError.Detail(
                            "scheduled_at", "not_allowed", "A queue post takes the queue's next free slot."));
                }
                if (request.queueId() == null) {
                    problems.add(new ApiError.Detail("queue_id", "required", "mode queue needs queue_id."));
                } else if (accountIds == null || accountIds.isEmpty()) {
                    accountIds = queues.accountsOf(workspaceId, request.queueId(), problems);
                }
            }
            case DRAFT -> {
                if (request.scheduledAt() != null) {
                    ZoneId zone = ScheduleTime.zone(request.timezone(), problems);
                    scheduledAt =
                            ScheduleTime.resolve(request.scheduledAt(), zone, request.timezone() != null, problems);
                }
            }
            default ->
                problems.add(
                        new ApiError.Detail("mode", "invalid", "mode is one of publish_now, schedule, queue, draft."));
        }
        checkExternalId(request.externalId(), problems);
        checkMetadata(request.metadata(), problems);
        checkPlatformOptions(request.platformOptions(), problems);
        PostContent content = checkContent(workspaceId, request, accountIds, problems);
        List<AccountView> accounts = targets.resolve(workspaceId, mode, accountIds, problems);
        checkPlatformRules(request, content, accounts, problems);
        return new Validation(problems, accounts, postMode, scheduledAt, content);
    }

    /** account_ids plus every connected account of the requested platforms (deduplicated, in that order). */
    private List<String> withPlatforms(
            String workspaceId, String mode, CreatePostRequest request, List<ApiError.Detail> problems) {
        if (request.platforms() == null || request.platforms().isEmpty()) {
            return request.accountIds();
        }
        List<String> unknown = request.platforms().stream()
                .filter(p -> Platform.of(p).isEmpty())
                .toList();
        unknown.forEach(p -> problems.add(new ApiError.Detail(
                "platforms", "unknown_platform", "'" + p + "' is not a platform Herald publishes to.")));
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        if (request.accountIds() != null) {
            ids.addAll(request.accountIds());
        }
        List<String> found = accounts.connectedIds(workspaceId, mode, request.platforms());
        if (found.isEmpty() && unknown.isEmpty()) {
            problems.add(new ApiError.Detail(
                    "platforms", "no_connected_account", "No connected account of these platforms in this workspace."));
        }
        ids.addAll(found);
        return List.copyOf(ids);
    }

    /**
     * Checks an edit of {@code post}: the changed fields themselves, then the post as it will be, by the create
     * rules.
     */
    Edit validateEdit(String workspaceId, String mode, Post post, UpdatePostRequest request) {
        List<ApiError.Detail> problems = new ArrayList<>();
        if (request.caption() != null) {
            checkCaption(request.caption(), problems);
        }
        Instant scheduledAt = null;
        if (request.scheduledAt() != null) {
            scheduledAt = futureTime(request.scheduledAt(), request.timezone(), problems);
        } else if (request.timezone() != null) {
            problems.add(new ApiError.Detail(
                    "timezone", "scheduled_at_required", "Give scheduled_at with the timezone it is read in."));
        }
        List<AccountView> newTargets = request.accountIds() == null
                ? null
                : targets.resolve(workspaceId, mode, request.accountIds(), problems);
        checkExternalId(
                request.externalId() == null || request.externalId().isEmpty() ? null : request.externalId(), problems);
        checkMetadata(request.metadata(), problems);
        checkPlatformOptions(request.platformOptions(), problems);
        CreatePostRequest edited = edited(post, request);
        List<AccountView> editedTargets = newTargets != null
                ? newTargets
                : edited.accountIds().stream()
                        .map(accounts::findById)
                        .filter(java.util.Objects::nonNull)
                        .toList();
        PostContent content = checkContent(workspaceId, edited, edited.accountIds(), problems);
        checkPlatformRules(edited, content, editedTargets, problems);
        return new Edit(problems, scheduledAt, newTargets, edited, content);
    }

    /**
     * The post as it will be after the edit, in the shape of a create request so that it is checked by the same
     * rules. Overrides of accounts the edit removes are dropped unless the edit sets overrides itself.
     */
    private CreatePostRequest edited(Post post, UpdatePostRequest request) {
        PostContent current = post.content();
        List<String> accountIds = request.accountIds() != null
                ? request.accountIds()
                : post.destinations().stream().map(Destination::accountId).toList();
        Map<String, PostContent.Override> overrides = request.overrides();
        if (overrides == null) {
            overrides = new java.util.LinkedHashMap<>(current.overrides());
            overrides.keySet().retainAll(accountIds);
        }
        return new CreatePostRequest(
                request.caption() != null ? request.caption() : post.caption(),
                accountIds,
                null,
                null,
                null,
                DRAFT,
                null,
                request.externalId() == null
                        ? post.externalId()
                        : request.externalId().isEmpty() ? null : request.externalId(),
                null,
                request.link() == null ? current.link() : request.link().isEmpty() ? null : request.link(),
                request.mediaIds() != null ? request.mediaIds() : current.mediaIds(),
                request.firstComment() == null
                        ? current.firstComment()
                        : request.firstComment().isEmpty() ? null : request.firstComment(),
                request.thread() != null ? request.thread() : current.thread(),
                overrides,
                request.platformOptions() != null ? request.platformOptions() : Post.allOptions(post.platformOptions()),
                null);
    }

    private void checkCaption(String caption, List<ApiError.Detail> problems) {
        if (caption == null || caption.isBlank()) {
            problems.add(new ApiError.Detail("caption", "required", "A caption is required."));
        } else if (caption.length() > config.maxCaptionLength()) {
            problems.add(new ApiError.Detail(
                    "caption", "too_long", "The caption is longer than " + config.maxCaptionLength() + " characters."));
        }
    }

    private static Instant futureTime(String scheduledAt, String timezone, List<ApiError.Detail> problems) {
        ZoneId zone = ScheduleTime.zone(timezone, problems);
        Instant at = ScheduleTime.resolve(scheduledAt, zone, timezone != null, problems);
        if (at != null && !at.isAfter(Instant.now())) {
            problems.add(new ApiError.Detail(
                    "scheduled_at", "in_past", "scheduled_at must be in the future; publish now instead."));
            return null;
        }
        return at;
    }

    private static void checkExternalId(String externalId, List<ApiError.Detail> problems) {
        if (externalId != null && (externalId.isBlank() || externalId.length() > 255)) {
            problems.add(new ApiError.Detail("external_id", "invalid", "1 to 255 characters."));
        }
    }

    private static void checkMetadata(Map<String, String> metadata, List<ApiError.Detail> problems) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            problems.add(new ApiError.Detail("metadata", "too_many_keys", "At most 20 keys."));
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 40 || value == null || value.length() > 500) {
                problems.add(new ApiError.Detail(
                        "metadata." + key, "invalid", "Keys 1 to 40 characters, values up to 500 characters."));
            }
        });
    }

    private static void checkPlatformOptions(Map<String, Map<String, String>> options, List<ApiError.Detail> problems) {
        if (options != null) {
            options.keySet().stream()
                    .filter(platform -> Platform.of(platform).isEmpty())
                    .forEach(platform -> problems.add(new ApiError.Detail(
                            "platform_options." + platform,
                            "unknown_platform",
                            "Not a platform Herald publishes to.")));
        }
    }

    /** Link, media, thread and overrides: the parts of the content that do not depend on the platform. */
    private PostContent checkContent(
            String workspaceId, CreatePostRequest request, List<String> accountIds, List<ApiError.Detail> problems) {
        if (request.link() != null && !isHttpUrl(request.link())) {
            problems.add(new ApiError.Detail("link", "invalid_url", "Use an absolute http(s) URL."));
        }
        checkMedia(workspaceId, "media_ids", request.mediaIds(), problems);
        // Not imported yet (a validation): only their addresses can be checked.
        problems.addAll(MediaImports.problems(request.media(), config.media().maxImports()));
        List<String> thread = request.thread() == null ? List.of() : request.thread();
        if (thread.size() > MAX_THREAD_PARTS) {
            problems.add(new ApiError.Detail("thread", "too_many_parts", "At most " + MAX_THREAD_PARTS + " parts."));
        }
        for (int i = 0; i < thread.size(); i++) {
            if (thread.get(i) == null || thread.get(i).isBlank()) {
                problems.add(new ApiError.Detail("thread[" + i + "]", "required", "A thread part needs text."));
            }
        }
        if (request.firstComment() != null && request.firstComment().isBlank()) {
            problems.add(new ApiError.Detail("first_comment", "required", "Omit first_comment or give it text."));
        }
        Map<String, PostContent.Override> overrides = request.overrides() == null ? Map.of() : request.overrides();
        overrides.forEach((accountId, override) -> {
            String field = "overrides." + accountId;
            if (accountIds == null || !accountIds.contains(accountId)) {
                problems.add(new ApiError.Detail(field, "not_a_target", "Override only accounts the post targets."));
            } else if (override == null || (override.caption() == null && override.mediaIds() == null)) {
                problems.add(new ApiError.Detail(field, "empty_override", "Give a caption and/or media_ids."));
            } else {
                if (override.caption() != null && override.caption().isBlank()) {
                    problems.add(
                            new ApiError.Detail(field + ".caption", "required", "An override caption needs text."));
                }
                checkMedia(workspaceId, field + ".media_ids", override.mediaIds(), problems);
            }
        });
        return new PostContent(request.link(), request.mediaIds(), request.firstComment(), thread, overrides);
    }

    private void checkMedia(String workspaceId, String field, List<String> mediaIds, List<ApiError.Detail> problems) {
        if (mediaIds == null) {
            return;
        }
        if (mediaIds.size() > MAX_MEDIA) {
            problems.add(new ApiError.Detail(field, "too_many", "At most " + MAX_MEDIA + " media."));
            return;
        }
        for (int i = 0; i < mediaIds.size(); i++) {
            MediaView item = mediaIds.get(i) == null ? null : media.findById(mediaIds.get(i));
            if (item == null || !item.workspaceId().equals(workspaceId)) {
                problems.add(new ApiError.Detail(
                        field + "[" + i + "]",
                        "media_not_found",
                        "No media '" + mediaIds.get(i) + "' in this workspace."));
            } else if (!item.isReady()) {
                problems.add(new ApiError.Detail(
                        field + "[" + i + "]",
                        "media_not_ready",
                        "The media is " + item.status() + "; only ready media can be published."));
            }
        }
    }

    /** Each destination against its platform's limits (the shared platform-rules module). */
    private void checkPlatformRules(
            CreatePostRequest request,
            PostContent content,
            List<AccountView> accounts,
            List<ApiError.Detail> problems) {
        if (request.caption() == null) {
            return;
        }
        for (AccountView account : accounts) {
            Platform.of(account.platform()).ifPresent(platform -> {
                Map<String, String> options = request.platformOptions() == null
                        ? Map.of()
                        : request.platformOptions().getOrDefault(platform.id(), Map.of());
                List<MediaView> items = content.mediaFor(account.id()).stream()
                        .map(media::findById)
                        .filter(item -> item != null && item.isReady())
                        .toList();
                int videos = (int) items.stream().filter(MediaView::isVideo).count();
                String caption = content.captionFor(account.id(), request.caption());
                List<Problem> found = new ArrayList<>(
                        PlatformRules.check(platform, new PostDraft(caption, items.size() - videos, videos, options)));
                found.addAll(PlatformRules.checkExtras(platform, content.thread(), content.firstComment()));
                for (Problem problem : found) {
                    problems.add(new ApiError.Detail(
                            "destinations." + account.id() + "." + problem.field(), problem.code(), problem.message()));
                }
            });
        }
    }

    static boolean isHttpUrl(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            return uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && value.length() <= 2048;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Problems found, the accounts that passed, the resolved mode and time, and the content. */
    public record Validation(
            List<ApiError.Detail> problems,
            List<AccountView> accounts,
            String mode,
            Instant scheduledAt,
            PostContent content) {}

    /**
     * An edit, checked: the problems, the new time and targets (null when unchanged), and the post as it will be.
     */
    record Edit(
            List<ApiError.Detail> problems,
            Instant scheduledAt,
            List<AccountView> newTargets,
            CreatePostRequest edited,
            PostContent content) {}
}

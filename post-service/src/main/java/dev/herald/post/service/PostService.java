package dev.herald.post.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.events.EventTypes;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.post.AccountView;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.PostContent;
import dev.herald.post.queue.service.QueueService;
import dev.herald.post.repository.PostFilter;
import dev.herald.post.repository.PostRepository;
import dev.herald.post.rest.CreatePostRequest;
import dev.herald.post.rest.UpdatePostRequest;

/** The posts use cases: create, read, edit, cancel, publish now, retry. Every change is announced. */
@ApplicationScoped
public class PostService {

    private static final Logger LOG = Logger.getLogger(PostService.class);

    public static final String PUBLISH_NOW = "publish_now";
    public static final String SCHEDULE = "schedule";
    public static final String QUEUE = "queue";
    public static final String DRAFT = "draft";
    private final PostRepository posts;
    private final PostValidator validator;
    private final QueueService queues;
    private final Dispatcher dispatcher;
    private final PostEventPublisher events;
    private final ObjectMapper json;

    public PostService(
            PostRepository posts,
            PostValidator validator,
            QueueService queues,
            Dispatcher dispatcher,
            PostEventPublisher events,
            ObjectMapper json) {
        this.posts = posts;
        this.validator = validator;
        this.queues = queues;
        this.dispatcher = dispatcher;
        this.events = events;
        this.json = json;
    }

    /**
     * Stores the post and its destinations; a post due now is queued in the same transaction (its requests go to
     * Kafka right after the commit, not at the next dispatcher tick). A queue post takes the queue's next free slot.
     */
    @Transactional
    public Post create(String workspaceId, String mode, CreatePostRequest request) {
        PostValidator.Validation validation = validator.validate(workspaceId, mode, request);
        if (!validation.problems().isEmpty()) {
            throw ApiException.invalid("The post is not valid; see details.", validation.problems());
        }
        Instant now = Instant.now();
        Instant scheduledAt = validation.scheduledAt();
        String timezone = request.timezone();
        if (QUEUE.equals(validation.mode())) {
            QueueService.Slot slot = queues.takeNextSlot(workspaceId, request.queueId());
            scheduledAt = slot.at();
            timezone = slot.timezone();
        }
        Instant due = switch (validation.mode()) {
            case DRAFT -> null;
            case SCHEDULE, QUEUE -> scheduledAt;
            default -> now;
        };
        Post post = Post.create(
                workspaceId,
                mode,
                request.caption(),
                validation.accounts(),
                due,
                scheduledAt,
                timezone,
                request.externalId(),
                metadataJson(request.metadata()),
                now);
        if (QUEUE.equals(validation.mode())) {
            post.placeInQueue(request.queueId());
        }
        post.useOptions(toJson(request.platformOptions()));
        post.carry(validation.content());
        posts.persist(post);
        if (PUBLISH_NOW.equals(validation.mode())) {
            post.destinations().forEach(destination -> dispatcher.dispatch(destination, now));
            post.refreshStatus(now);
        }
        events.publish(post, EventTypes.POST_CREATED, now);
        if (due != null && due.isAfter(now)) {
            events.publish(post, EventTypes.POST_SCHEDULED, now);
        }
        // With the request id and trace id in JSON logs: where a tenant's request became a post.
        LOG.infof(
                "Post %s created in %s (%s, %d destinations)",
                post.id(), workspaceId, validation.mode(), post.destinations().size());
        return post;
    }

    @Transactional
    public Post get(String workspaceId, String postId) {
        return posts.findInWorkspace(workspaceId, postId).orElseThrow(() -> ApiException.notFound("post", postId));
    }

    /** A page of posts, newest first, with their destinations loaded. */
    @Transactional
    public List<Post> list(String workspaceId, PostFilter filter, String cursor, int limit) {
        List<Post> page = posts.search(workspaceId, filter, cursor, limit);
        page.forEach(post -> post.destinations().size()); // batch-loads destinations inside the transaction
        return page;
    }

    /**
     * Edits a post that has not reached the publisher (409 {@code post_not_editable} otherwise). The edited post is
     * checked as a whole, as a new one would be: content, media and every target's platform limits.
     */
    @Transactional
    public Post update(String workspaceId, String mode, String postId, UpdatePostRequest request) {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        Post post = lock(workspaceId, postId);
        post.ensureEditable();
        PostValidator.Edit edit = validator.validateEdit(workspaceId, mode, post, request);
        List<ApiError.Detail> problems = edit.problems();
        Instant scheduledAt = edit.scheduledAt();
        List<AccountView> newTargets = edit.newTargets();
        CreatePostRequest edited = edit.edited();
        PostContent content = edit.content();
        if (!problems.isEmpty()) {
            throw ApiException.invalid("The change is not valid; see details.", problems);
        }
        Instant now = Instant.now();
        if (request.caption() != null) {
            post.editCaption(request.caption(), now);
        }
        if (scheduledAt != null) {
            post.reschedule(scheduledAt, request.timezone(), post.isDraft(), now);
        }
        if (newTargets != null) {
            post.retarget(newTargets, now);
        }
        if (request.changesContent() || newTargets != null) {
            post.revise(
                    content,
                    toJson(edited.platformOptions()),
                    edited.externalId(),
                    request.metadata() == null ? post.metadata() : metadataJson(request.metadata()),
                    now);
        }
        events.publish(post, EventTypes.POST_UPDATED, now);
        return post;
    }

    /** Cancels every destination not yet with the publisher (409 {@code post_not_cancelable} otherwise). */
    @Transactional
    public Post cancel(String workspaceId, String postId) {
        Post post = lock(workspaceId, postId);
        Instant now = Instant.now();
        post.cancel(now);
        events.publish(post, EventTypes.POST_CANCELED, now);
        return post;
    }

    /** Publishes a draft or scheduled post now. */
    @Transactional
    public Post publishNow(String workspaceId, String postId) {
        Post post = lock(workspaceId, postId);
        Instant now = Instant.now();
        post.publishNow(now).forEach(destination -> dispatcher.dispatch(destination, now));
        post.refreshStatus(now);
        events.publish(post, EventTypes.POST_UPDATED, now);
        return post;
    }

    /** Re-queues the failed destinations only; returns them. */
    @Transactional
    public Retried retry(String workspaceId, String postId) {
        Post post = lock(workspaceId, postId);
        Instant now = Instant.now();
        List<Destination> retried = post.retryFailed(now);
        retried.forEach(destination -> dispatcher.dispatch(destination, now));
        if (!retried.isEmpty()) {
            post.refreshStatus(now);
            events.publish(post, EventTypes.POST_UPDATED, now);
        }
        return new Retried(post, retried);
    }

    /** Checks a create request; every problem is reported, not just the first. Nothing is stored. */
    @Transactional
    public PostValidator.Validation validate(String workspaceId, String mode, CreatePostRequest request) {
        return validator.validate(workspaceId, mode, request);
    }

    private Post lock(String workspaceId, String postId) {
        return posts.lockInWorkspace(workspaceId, postId).orElseThrow(() -> ApiException.notFound("post", postId));
    }

    private String metadataJson(Map<String, String> metadata) {
        return toJson(metadata);
    }

    private String toJson(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A retried post and the destinations that were retried. */
    public record Retried(Post post, List<Destination> destinations) {}
}

package dev.herald.post;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.BatchSize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiException;
import dev.herald.kit.id.Ids;

/**
 * A post: one caption going to one or more accounts, each a {@link Destination}. Its status is derived from theirs;
 * it can be edited or canceled only while no destination has reached the publisher.
 */
@Entity
@Table(name = "post")
public class Post {

    private static final ObjectMapper OPTIONS = new ObjectMapper();

    @Id
    private String id;

    private String workspaceId;
    private String mode;
    private String caption;
    private Instant scheduledAt;
    private String timezone;
    private String externalId;
    private String metadata;
    private String queueId;
    private String platformOptions;
    private String content;
    private String status;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    @OneToMany(mappedBy = "post", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    @BatchSize(size = 100)
    private List<Destination> destinations = new ArrayList<>();

    protected Post() {
        // for JPA
    }

    /**
     * A new post for these accounts.
     *
     * @param mode {@code live} or {@code test}: the mode of the key that created it
     * @param due when the destinations are due (now, or the schedule); {@code null} for a draft
     * @param metadataJson the caller's string map, as JSON, or {@code null}
     */
    public static Post create(
            String workspaceId,
            String mode,
            String caption,
            List<AccountView> accounts,
            Instant due,
            Instant scheduledAt,
            String timezone,
            String externalId,
            String metadataJson,
            Instant now) {
        Post post = new Post();
        post.id = Ids.newId("post");
        post.workspaceId = workspaceId;
        post.mode = mode;
        post.caption = caption;
        post.scheduledAt = scheduledAt;
        post.timezone = timezone;
        post.externalId = externalId;
        post.metadata = metadataJson;
        post.createdAt = now;
        post.updatedAt = now;
        for (AccountView account : accounts) {
            post.destinations.add(new Destination(post, account, due, now));
        }
        post.refreshStatus(now);
        return post;
    }

    /** Sets what goes with the caption (link, media, first comment, thread, overrides). */
    public void carry(PostContent postContent) {
        content = postContent == null ? null : postContent.toJson();
    }

    public PostContent content() {
        return PostContent.fromJson(content);
    }

    /** Sets the per-platform options (JSON: platform id to option map). */
    public void useOptions(String platformOptionsJson) {
        platformOptions = platformOptionsJson;
    }

    /** This platform's options, as sent to the publisher. */
    public Map<String, String> optionsFor(String platform) {
        return optionsFor(platformOptions, platform);
    }

    /** One platform's options out of the stored JSON (platform id to option map). */
    public static Map<String, String> optionsFor(String platformOptionsJson, String platform) {
        return allOptions(platformOptionsJson).getOrDefault(platform, Map.of());
    }

    /** Every platform's options out of the stored JSON (platform id to option map); empty when none. */
    public static Map<String, Map<String, String>> allOptions(String platformOptionsJson) {
        if (platformOptionsJson == null) {
            return Map.of();
        }
        try {
            return OPTIONS.readValue(platformOptionsJson, new TypeReference<Map<String, Map<String, String>>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored platform options are not JSON", e);
        }
    }

    public String platformOptions() {
        return platformOptions;
    }

    /** Marks the post as taking a slot of this queue (its scheduled time is that slot). */
    public void placeInQueue(String queue) {
        queueId = queue;
    }

    /** Refuses (409 {@code post_not_editable}) once any destination has reached the publisher or is final. */
    public void ensureEditable() {
        boolean editable = destinations.stream().allMatch(d -> DestinationStatus.isEditable(d.status()));
        if (!editable) {
            throw new ApiException(
                    409, "post_not_editable", "The post is " + status + ": it can no longer be changed.");
        }
    }

    public void editCaption(String newCaption, Instant now) {
        ensureEditable();
        caption = newCaption;
        updatedAt = now;
    }

    /** Replaces the content, platform options, external id and metadata (all already checked together). */
    public void revise(
            PostContent newContent,
            String platformOptionsJson,
            String newExternalId,
            String metadataJson,
            Instant now) {
        ensureEditable();
        carry(newContent);
        platformOptions = platformOptionsJson;
        externalId = newExternalId;
        metadata = metadataJson;
        updatedAt = now;
    }

    /** Moves the schedule; {@code scheduledAt == null} with {@code draft} keeps the post unpublished. */
    public void reschedule(Instant newScheduledAt, String newTimezone, boolean draft, Instant now) {
        ensureEditable();
        scheduledAt = newScheduledAt;
        timezone = newTimezone;
        Instant due = draft ? null : newScheduledAt;
        destinations.forEach(d -> d.reschedule(due, now));
        updatedAt = now;
        refreshStatus(now);
    }

    /** Replaces the targets: destinations of removed accounts go, new accounts get one each. */
    public void retarget(List<AccountView> accounts, Instant now) {
        ensureEditable();
        Set<String> wanted = accounts.stream().map(AccountView::id).collect(Collectors.toSet());
        destinations.removeIf(d -> !wanted.contains(d.accountId()));
        Map<String, Destination> kept = destinations.stream().collect(Collectors.toMap(Destination::accountId, d -> d));
        Instant due = isDraft() ? null : scheduledAt;
        for (AccountView account : accounts) {
            if (!kept.containsKey(account.id())) {
                destinations.add(new Destination(this, account, due, now));
            }
        }
        updatedAt = now;
        refreshStatus(now);
    }

    /** Makes every draft or scheduled destination due now; returns them, to be dispatched at once. */
    public List<Destination> publishNow(Instant now) {
        ensureEditable();
        destinations.forEach(d -> d.reschedule(now, now));
        scheduledAt = null;
        updatedAt = now;
        return destinations();
    }

    /** Cancels; refused (409) once any destination is with the publisher. */
    public void cancel(Instant now) {
        if (destinations.stream().anyMatch(d -> DestinationStatus.isWithPublisher(d.status()))) {
            throw new ApiException(
                    409, "post_not_cancelable", "A destination of this post is being published or is published.");
        }
        destinations.forEach(d -> d.cancel(now));
        updatedAt = now;
        refreshStatus(now);
    }

    /** Makes failed destinations due again; returns them. */
    public List<Destination> retryFailed(Instant now) {
        List<Destination> retried =
                destinations.stream().filter(d -> d.retry(now)).toList();
        if (!retried.isEmpty()) {
            updatedAt = now;
            refreshStatus(now);
        }
        return retried;
    }

    /** Re-derives the status; returns {@code true} when it changed. */
    public boolean refreshStatus(Instant now) {
        String derived =
                PostStatus.derive(destinations.stream().map(Destination::status).toList());
        if (derived.equals(status)) {
            return false;
        }
        status = derived;
        updatedAt = now;
        return true;
    }

    public boolean isDraft() {
        return PostStatus.DRAFT.equals(status);
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String mode() {
        return mode;
    }

    public String caption() {
        return caption;
    }

    public Instant scheduledAt() {
        return scheduledAt;
    }

    public String timezone() {
        return timezone;
    }

    public String externalId() {
        return externalId;
    }

    public String metadata() {
        return metadata;
    }

    public String queueId() {
        return queueId;
    }

    public String status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<Destination> destinations() {
        return Collections.unmodifiableList(destinations);
    }
}

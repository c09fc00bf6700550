package dev.herald.post;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.herald.kit.id.Ids;

/** A post: one caption going to one or more accounts, each a {@link Destination}; its status is derived. */
@Entity
@Table(name = "post")
public class Post {

    @Id
    private String id;

    private String workspaceId;
    private String mode;
    private String caption;
    private Instant scheduledAt;
    private String status;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    @OneToMany(mappedBy = "post", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    private List<Destination> destinations = new ArrayList<>();

    protected Post() {
        // for JPA
    }

    /**
     * A new post for these accounts, due at {@code scheduledAt} or, without one, at once.
     *
     * @param mode {@code live} or {@code test}: the mode of the key that created it
     */
    public static Post create(
            String workspaceId,
            String mode,
            String caption,
            Instant scheduledAt,
            List<AccountView> accounts,
            Instant now) {
        Post post = new Post();
        post.id = Ids.newId("post");
        post.workspaceId = workspaceId;
        post.mode = mode;
        post.caption = caption;
        post.scheduledAt = scheduledAt;
        post.createdAt = now;
        post.updatedAt = now;
        Instant due = scheduledAt != null ? scheduledAt : now;
        for (AccountView account : accounts) {
            post.destinations.add(new Destination(post, account, due, now));
        }
        post.refreshStatus(now);
        return post;
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

    public boolean isDueBy(Instant now) {
        return scheduledAt == null || !scheduledAt.isAfter(now);
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

package dev.herald.post.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.Post;

/** Posts, always looked up within a workspace. */
@ApplicationScoped
public class PostRepository implements PanacheRepositoryBase<Post, String> {

    public Optional<Post> findInWorkspace(String workspaceId, String postId) {
        // Destinations are always shown with the post: fetch them in the same query.
        return find(
                        "select p from Post p left join fetch p.destinations where p.id = ?1 and p.workspaceId = ?2",
                        postId,
                        workspaceId)
                .singleResultOptional();
    }
}

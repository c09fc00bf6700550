package dev.herald.post.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.post.AccountView;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.AccountViewRepository;
import dev.herald.post.repository.PostRepository;
import dev.herald.post.rest.CreatePostRequest;

/** Creating and reading posts. */
@ApplicationScoped
public class PostService {

    private final PostRepository posts;
    private final AccountViewRepository accounts;
    private final Dispatcher dispatcher;
    private final PostConfig config;

    public PostService(PostRepository posts, AccountViewRepository accounts, Dispatcher dispatcher, PostConfig config) {
        this.posts = posts;
        this.accounts = accounts;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    /**
     * Stores the post and its destinations; a post due now is queued in the same transaction (its requests go to
     * Kafka right after the commit, not at the next dispatcher tick).
     */
    @Transactional
    public Post create(String workspaceId, String mode, CreatePostRequest request) {
        Validation validation = validate(workspaceId, mode, request);
        if (!validation.problems().isEmpty()) {
            throw ApiException.invalid("The post is not valid; see details.", validation.problems());
        }
        Instant now = Instant.now();
        Instant scheduledAt =
                request.scheduledAt() == null ? null : request.scheduledAt().toInstant();
        Post post = Post.create(workspaceId, mode, request.caption(), scheduledAt, validation.accounts(), now);
        posts.persist(post);
        if (post.isDueBy(now)) {
            for (Destination destination : post.destinations()) {
                dispatcher.dispatch(destination, now);
            }
            post.refreshStatus(now);
        }
        return post;
    }

    @Transactional
    public Post get(String workspaceId, String postId) {
        return posts.findInWorkspace(workspaceId, postId).orElseThrow(() -> ApiException.notFound("post", postId));
    }

    /** Checks the request against the workspace's accounts; every problem is reported, not just the first. */
    @Transactional
    public Validation validate(String workspaceId, String mode, CreatePostRequest request) {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        List<ApiError.Detail> problems = new ArrayList<>();
        if (request.caption() == null || request.caption().isBlank()) {
            problems.add(new ApiError.Detail("caption", "required", "A caption is required."));
        } else if (request.caption().length() > config.maxCaptionLength()) {
            problems.add(new ApiError.Detail(
                    "caption", "too_long", "The caption is longer than " + config.maxCaptionLength() + " characters."));
        }
        if (request.scheduledAt() != null && !request.scheduledAt().toInstant().isAfter(Instant.now())) {
            problems.add(new ApiError.Detail(
                    "scheduled_at", "in_past", "scheduled_at must be in the future; omit it to publish now."));
        }
        List<AccountView> targets = new ArrayList<>();
        List<String> accountIds = request.accountIds();
        if (accountIds == null || accountIds.isEmpty()) {
            problems.add(new ApiError.Detail("account_ids", "required", "At least one account id is required."));
        } else if (accountIds.size() > config.maxAccountsPerPost()) {
            problems.add(new ApiError.Detail(
                    "account_ids",
                    "too_many",
                    "A post may target at most " + config.maxAccountsPerPost() + " accounts."));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < accountIds.size(); i++) {
                String accountId = accountIds.get(i);
                String field = "account_ids[" + i + "]";
                if (accountId == null || !seen.add(accountId)) {
                    problems.add(new ApiError.Detail(field, "duplicate_or_empty", "Each account may be listed once."));
                    continue;
                }
                AccountView account = accounts.findById(accountId);
                if (account == null || !account.workspaceId().equals(workspaceId)) {
                    problems.add(new ApiError.Detail(
                            field, "account_not_found", "No account '" + accountId + "' in this workspace."));
                } else if (!account.isConnected()) {
                    problems.add(new ApiError.Detail(
                            field,
                            "account_not_connected",
                            "The account is " + account.status() + "; reconnect it first."));
                } else if (!mode.equals(account.mode())) {
                    problems.add(new ApiError.Detail(
                            field,
                            "account_mode_mismatch",
                            "test".equals(mode)
                                    ? "A test key can only publish to sandbox accounts."
                                    : "A live key cannot publish to sandbox accounts."));
                } else {
                    targets.add(account);
                }
            }
        }
        return new Validation(problems, targets);
    }

    /** Problems found, and the accounts that passed. */
    public record Validation(List<ApiError.Detail> problems, List<AccountView> accounts) {}
}

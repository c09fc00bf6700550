package dev.herald.post.service;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.post.config.PostConfig;
import dev.herald.rules.Platform;
import dev.herald.rules.PostingQuota;

/** Each platform's per-account posting cap: the operator's {@code herald.post.quotas}, else the documented one. */
@ApplicationScoped
public class PostingQuotas {

    private final Map<String, PostConfig.Quota> configured;

    public PostingQuotas(PostConfig config) {
        this.configured = config.quotas();
    }

    public Optional<PostingQuota> of(String platform) {
        PostConfig.Quota quota = configured.get(platform);
        if (quota != null) {
            return Optional.of(new PostingQuota(quota.posts(), quota.window()));
        }
        return Platform.of(platform).flatMap(PostingQuota::of);
    }
}

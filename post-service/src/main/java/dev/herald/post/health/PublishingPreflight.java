package dev.herald.post.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

import dev.herald.events.EventTypes;
import dev.herald.post.AccountView;
import dev.herald.post.Destination;
import dev.herald.post.MediaView;
import dev.herald.post.Post;
import dev.herald.post.config.PostConfig;
import dev.herald.post.repository.AccountViewRepository;
import dev.herald.post.repository.MediaViewRepository;
import dev.herald.post.service.PostEventPublisher;
import dev.herald.post.service.PostingQuotas;
import dev.herald.rules.PostingQuota;

/**
 * Shortly before a scheduled destination is due, checks what would make it fail — its account no longer connected
 * (revoked, expired), its media gone or not ready, the platform's posting cap for the account reached by then — and
 * announces it once as {@code post.at_risk}, with the reason on the destination, while there is still time to fix it.
 */
@ApplicationScoped
public class PublishingPreflight {

    private static final int BATCH = 500;

    private final EntityManager entityManager;
    private final AccountViewRepository accounts;
    private final MediaViewRepository media;
    private final PostEventPublisher events;
    private final PostConfig.Watchdog config;
    private final PostingQuotas quotas;

    public PublishingPreflight(
            EntityManager entityManager,
            AccountViewRepository accounts,
            MediaViewRepository media,
            PostEventPublisher events,
            PostingQuotas quotas,
            PostConfig config) {
        this.entityManager = entityManager;
        this.accounts = accounts;
        this.media = media;
        this.events = events;
        this.config = config.watchdog();
        this.quotas = quotas;
    }

    @Scheduled(every = "${herald.post.watchdog.interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() {
        check();
    }

    /**
     * Checks the scheduled destinations due within the lead time that were not checked yet.
     *
     * @return how many were found at risk
     */
    @Transactional
    public int check() {
        Instant now = Instant.now();
        List<Destination> soon = entityManager
                .createQuery(
                        "select d from Destination d where d.status = 'scheduled' and d.atRiskAt is null"
                                + " and d.dueAt > :now and d.dueAt <= :horizon order by d.dueAt",
                        Destination.class)
                .setParameter("now", now)
                .setParameter("horizon", now.plus(config.preflightLead()))
                .setMaxResults(BATCH)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another replica has them
                .getResultList();
        Map<String, Post> atRisk = new LinkedHashMap<>();
        for (Destination destination : soon) {
            risk(destination).ifPresent(problem -> {
                if (destination.flagAtRisk(problem.code(), problem.message(), now)) {
                    atRisk.putIfAbsent(destination.post().id(), destination.post());
                }
            });
        }
        atRisk.values().forEach(post -> events.publish(post, EventTypes.POST_AT_RISK, now));
        return atRisk.size();
    }

    private Optional<Problem> risk(Destination destination) {
        AccountView account = accounts.findById(destination.accountId());
        if (account == null || !account.isConnected()) {
            return Optional.of(new Problem(
                    "account_not_connected",
                    "The account is " + (account == null ? "gone" : account.status()) + "; reconnect it before "
                            + destination.dueAt() + "."));
        }
        if (account.accessExpiresAt() != null && account.accessExpiresAt().isBefore(destination.dueAt())) {
            return Optional.of(new Problem(
                    "account_access_expiring",
                    "The account's access ends at " + account.accessExpiresAt() + ", before this post is due, and "
                            + account.platform() + " cannot renew it: reconnect the account."));
        }
        for (String mediaId : destination.post().content().mediaFor(destination.accountId())) {
            MediaView item = media.findById(mediaId);
            if (item == null || !item.isReady()) {
                return Optional.of(new Problem(
                        "media_not_ready",
                        "Media " + mediaId + " is " + (item == null ? "gone" : item.status()) + "."));
            }
        }
        return quotaProblem(destination, account.platform());
    }

    /**
     * Whether the account's earlier posts in the quota window before this one (published, or due before it) already
     * use up the platform's cap.
     */
    private Optional<Problem> quotaProblem(Destination destination, String platform) {
        Optional<PostingQuota> quota = quotas.of(platform);
        if (quota.isEmpty()) {
            return Optional.empty();
        }
        Instant from = destination.dueAt().minus(quota.get().window());
        long before = entityManager
                .createQuery(
                        "select count(d) from Destination d where d.accountId = :account and d.id <> :id and ("
                                + "(d.status = 'published' and d.publishedAt > :from) or (d.status in"
                                + " ('scheduled', 'queued', 'retrying') and d.dueAt >= :from and (d.dueAt < :due"
                                + " or (d.dueAt = :due and d.id < :id))))",
                        Long.class)
                .setParameter("account", destination.accountId())
                .setParameter("id", destination.id())
                .setParameter("from", from)
                .setParameter("due", destination.dueAt())
                .getSingleResult();
        if (before < quota.get().posts()) {
            return Optional.empty();
        }
        return Optional.of(new Problem(
                "quota_exceeded",
                "%s allows %s on an account; this account has %d other posts in the %s before this one, so %s would"
                                .formatted(
                                        platform,
                                        quota.get().describe(),
                                        before,
                                        quota.get().span(),
                                        platform)
                        + " refuse it. Move it later or spread the posts out."));
    }

    private record Problem(String code, String message) {}
}

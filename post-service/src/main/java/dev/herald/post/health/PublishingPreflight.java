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

/**
 * Shortly before a scheduled destination is due, checks what would make it fail — its account no longer connected
 * (revoked, expired), its media gone or not ready — and announces it once as {@code post.at_risk}, with the reason on
 * the destination, while there is still time to fix it. Platform quotas are not known here (no connector reports
 * them yet).
 */
@ApplicationScoped
public class PublishingPreflight {

    private static final int BATCH = 500;

    private final EntityManager entityManager;
    private final AccountViewRepository accounts;
    private final MediaViewRepository media;
    private final PostEventPublisher events;
    private final PostConfig.Watchdog config;

    public PublishingPreflight(
            EntityManager entityManager,
            AccountViewRepository accounts,
            MediaViewRepository media,
            PostEventPublisher events,
            PostConfig config) {
        this.entityManager = entityManager;
        this.accounts = accounts;
        this.media = media;
        this.events = events;
        this.config = config.watchdog();
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
        for (String mediaId : destination.post().content().mediaFor(destination.accountId())) {
            MediaView item = media.findById(mediaId);
            if (item == null || !item.isReady()) {
                return Optional.of(new Problem(
                        "media_not_ready",
                        "Media " + mediaId + " is " + (item == null ? "gone" : item.status()) + "."));
            }
        }
        return Optional.empty();
    }

    private record Problem(String code, String message) {}
}

package dev.herald.post.queue.service;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.post.AccountView;
import dev.herald.post.queue.Queue;
import dev.herald.post.queue.QuotaFit;
import dev.herald.post.queue.repository.QueueRepository;
import dev.herald.post.queue.rest.QueueRequest;
import dev.herald.post.repository.AccountViewRepository;
import dev.herald.post.service.AccountTargets;
import dev.herald.post.service.PostingQuotas;
import dev.herald.post.service.ScheduleTime;

/** Queues: their weekly slots, their accounts, pausing, and handing out free slots. */
@ApplicationScoped
public class QueueService {

    static final Map<String, DayOfWeek> DAYS = Map.of(
            "mon",
            DayOfWeek.MONDAY,
            "tue",
            DayOfWeek.TUESDAY,
            "wed",
            DayOfWeek.WEDNESDAY,
            "thu",
            DayOfWeek.THURSDAY,
            "fri",
            DayOfWeek.FRIDAY,
            "sat",
            DayOfWeek.SATURDAY,
            "sun",
            DayOfWeek.SUNDAY);
    private static final int MAX_SLOTS = 200;

    private static final Duration HORIZON = Duration.ofDays(7L * Queue.HORIZON_WEEKS);
    private static final String NO_FREE_SLOT =
            "The queue has no free slot in the next year that its accounts' posting caps allow.";

    private final QueueRepository queues;
    private final AccountTargets targets;
    private final AccountViewRepository accounts;
    private final PostingQuotas quotas;

    public QueueService(
            QueueRepository queues, AccountTargets targets, AccountViewRepository accounts, PostingQuotas quotas) {
        this.queues = queues;
        this.targets = targets;
        this.accounts = accounts;
        this.quotas = quotas;
    }

    @Transactional
    public Queue create(String workspaceId, String mode, QueueRequest request) {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        List<ApiError.Detail> problems = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            problems.add(new ApiError.Detail("name", "required", "A name of 1 to 100 characters is required."));
        }
        if (request.timezone() == null) {
            problems.add(new ApiError.Detail("timezone", "required", "An IANA time zone is required."));
        }
        ZoneId zone = ScheduleTime.zone(request.timezone(), problems);
        List<Queue.Slot> slots = slots(request.slots(), true, problems);
        List<String> accounts = accounts(workspaceId, mode, request.accountIds(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid("The queue is not valid; see details.", problems);
        }
        Queue queue = Queue.create(workspaceId, request.name().trim(), zone, slots, accounts, Instant.now());
        queues.persist(queue);
        return queue;
    }

    @Transactional
    public Queue update(String workspaceId, String mode, String queueId, QueueRequest request) {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        Queue queue = lock(workspaceId, queueId);
        List<ApiError.Detail> problems = new ArrayList<>();
        if (request.name() != null
                && (request.name().isBlank() || request.name().length() > 100)) {
            problems.add(new ApiError.Detail("name", "invalid", "1 to 100 characters."));
        }
        ZoneId zone = ScheduleTime.zone(request.timezone(), problems);
        List<Queue.Slot> slots = request.slots() == null ? null : slots(request.slots(), true, problems);
        List<String> accounts =
                request.accountIds() == null ? null : accounts(workspaceId, mode, request.accountIds(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid("The change is not valid; see details.", problems);
        }
        queue.update(request.name() == null ? null : request.name().trim(), zone, slots, accounts, Instant.now());
        return queue;
    }

    @Transactional
    public Queue get(String workspaceId, String queueId) {
        return queues.findInWorkspace(workspaceId, queueId).orElseThrow(() -> ApiException.notFound("queue", queueId));
    }

    @Transactional
    public List<Queue> list(String workspaceId, String cursor, int limit) {
        return queues.page(workspaceId, cursor, limit);
    }

    /** Deletes a queue; its posts keep their times (they no longer belong to a queue's slots). */
    @Transactional
    public void delete(String workspaceId, String queueId) {
        Queue queue = lock(workspaceId, queueId);
        queues.getEntityManager()
                .createQuery("update Post p set p.queueId = null where p.queueId = ?1")
                .setParameter(1, queue.id())
                .executeUpdate();
        queues.delete(queue);
    }

    @Transactional
    public Queue pause(String workspaceId, String queueId, boolean paused) {
        Queue queue = lock(workspaceId, queueId);
        if (paused) {
            queue.pause(Instant.now());
        } else {
            queue.resume(Instant.now());
        }
        return queue;
    }

    /** The next {@code count} free slots. */
    @Transactional
    public List<Instant> freeSlots(String workspaceId, String queueId, int count) {
        Queue queue = get(workspaceId, queueId);
        Instant now = Instant.now();
        return queue.nextFreeSlots(now, queues.takenSlots(queue.id(), now), count, withinCaps(queue.accountIds(), now));
    }

    /** The next free slot of the oldest queue that posts to this account. */
    @Transactional
    public FoundSlot findSlot(String workspaceId, String accountId) {
        Queue queue = queues.firstWithAccount(workspaceId, accountId)
                .orElseThrow(() -> new ApiException(
                        404,
                        "no_queue_for_account",
                        "No queue of this workspace posts to account '" + accountId + "'."));
        Instant now = Instant.now();
        List<Instant> next =
                queue.nextFreeSlots(now, queues.takenSlots(queue.id(), now), 1, withinCaps(List.of(accountId), now));
        if (next.isEmpty()) {
            throw new ApiException(409, "queue_has_no_free_slot", NO_FREE_SLOT);
        }
        return new FoundSlot(queue, next.get(0));
    }

    /**
     * Takes the queue's next free slot for a new post, under the queue's row lock (one taker at a time; the unique
     * index on (queue, time) is the last guard). Must run in the post's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Slot takeNextSlot(String workspaceId, String queueId) {
        Queue queue = lock(workspaceId, queueId);
        Instant now = Instant.now();
        List<Instant> next =
                queue.nextFreeSlots(now, queues.takenSlots(queue.id(), now), 1, withinCaps(queue.accountIds(), now));
        if (next.isEmpty()) {
            throw new ApiException(409, "queue_has_no_free_slot", NO_FREE_SLOT);
        }
        return new Slot(next.get(0), queue.timezone());
    }

    /** The queue's accounts, as default targets of a queue post (a problem is recorded if there is no queue). */
    @Transactional
    public List<String> accountsOf(String workspaceId, String queueId, List<ApiError.Detail> problems) {
        return queues.findInWorkspace(workspaceId, queueId)
                .map(q -> List.copyOf(q.accountIds()))
                .orElseGet(() -> {
                    problems.add(new ApiError.Detail("queue_id", "queue_not_found", "No queue '" + queueId + "'."));
                    return List.of();
                });
    }

    /**
     * Accepts a slot only if every account with a posting cap can take one more post then (its published and coming
     * posts counted, and the slots accepted before): a queue never hands out a time the platform would refuse.
     */
    private Predicate<Instant> withinCaps(Collection<String> accountIds, Instant after) {
        List<QuotaFit> fits = new ArrayList<>();
        for (String accountId : accountIds) {
            AccountView account = accounts.findById(accountId);
            if (account != null) {
                quotas.of(account.platform())
                        .ifPresent(quota -> fits.add(new QuotaFit(
                                quota,
                                queues.postTimes(
                                        accountId,
                                        after.minus(quota.window()),
                                        after.plus(HORIZON).plus(quota.window())))));
            }
        }
        if (fits.isEmpty()) {
            return at -> true;
        }
        return at -> {
            if (!fits.stream().allMatch(fit -> fit.fits(at))) {
                return false;
            }
            fits.forEach(fit -> fit.take(at));
            return true;
        };
    }

    private Queue lock(String workspaceId, String queueId) {
        return queues.lockInWorkspace(workspaceId, queueId).orElseThrow(() -> ApiException.notFound("queue", queueId));
    }

    private List<String> accounts(
            String workspaceId, String mode, List<String> accountIds, List<ApiError.Detail> problems) {
        if (accountIds == null || accountIds.isEmpty()) {
            return List.of();
        }
        return targets.resolve(workspaceId, mode, accountIds, problems).stream()
                .map(AccountView::id)
                .toList();
    }

    private static List<Queue.Slot> slots(
            List<QueueRequest.SlotRequest> requested, boolean required, List<ApiError.Detail> problems) {
        List<Queue.Slot> slots = new ArrayList<>();
        if (requested == null || requested.isEmpty()) {
            if (required) {
                problems.add(new ApiError.Detail("slots", "required", "At least one weekly slot is required."));
            }
            return slots;
        }
        if (requested.size() > MAX_SLOTS) {
            problems.add(new ApiError.Detail("slots", "too_many", "At most " + MAX_SLOTS + " slots."));
            return slots;
        }
        for (int i = 0; i < requested.size(); i++) {
            QueueRequest.SlotRequest slot = requested.get(i);
            DayOfWeek day = slot == null || slot.day() == null
                    ? null
                    : DAYS.get(slot.day().toLowerCase(Locale.ROOT));
            LocalTime time = null;
            try {
                time = slot == null || slot.time() == null ? null : LocalTime.parse(slot.time());
            } catch (DateTimeParseException e) {
                // reported below
            }
            if (day == null || time == null) {
                problems.add(new ApiError.Detail(
                        "slots[" + i + "]",
                        "invalid",
                        "Each slot is {\"day\": \"mon\"…\"sun\", \"time\": \"HH:MM\"}."));
            } else {
                Queue.Slot parsed =
                        new Queue.Slot(day.getValue(), time.withSecond(0).withNano(0));
                if (!slots.contains(parsed)) {
                    slots.add(parsed);
                }
            }
        }
        return slots;
    }

    /** A slot taken for a post. */
    public record Slot(Instant at, String timezone) {}

    /** A queue and its next free slot. */
    public record FoundSlot(Queue queue, Instant at) {}
}

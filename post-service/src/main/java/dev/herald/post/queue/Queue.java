package dev.herald.post.queue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.herald.kit.id.Ids;

/**
 * A publishing queue: weekly local time slots in an IANA time zone and the accounts it posts to. A queued post takes
 * the next free slot; slots are computed in the zone, so 09:00 stays 09:00 across DST changes.
 */
@Entity
@Table(name = "queue")
public class Queue {

    /** How far ahead slots are looked for. */
    /** How far ahead slots are looked for. */
    public static final int HORIZON_WEEKS = 52;

    @Id
    private String id;

    private String workspaceId;
    private String name;
    private String timezone;
    private boolean paused;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "queue_slot", joinColumns = @JoinColumn(name = "queue_id"))
    private Set<Slot> slots = new LinkedHashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "queue_account", joinColumns = @JoinColumn(name = "queue_id"))
    @Column(name = "account_id")
    private Set<String> accountIds = new LinkedHashSet<>();

    protected Queue() {
        // for JPA
    }

    public static Queue create(
            String workspaceId, String name, ZoneId zone, List<Slot> slots, List<String> accountIds, Instant now) {
        Queue queue = new Queue();
        queue.id = Ids.newId("que");
        queue.workspaceId = workspaceId;
        queue.createdAt = now;
        queue.update(name, zone, slots, accountIds, now);
        return queue;
    }

    /** Replaces what is given; {@code null} keeps the current value. */
    public void update(String newName, ZoneId zone, List<Slot> newSlots, List<String> newAccounts, Instant now) {
        if (newName != null) {
            name = newName;
        }
        if (zone != null) {
            timezone = zone.getId();
        }
        if (newSlots != null) {
            slots.clear();
            slots.addAll(newSlots);
        }
        if (newAccounts != null) {
            accountIds.clear();
            accountIds.addAll(newAccounts);
        }
        updatedAt = now;
    }

    public void pause(Instant now) {
        paused = true;
        updatedAt = now;
    }

    public void resume(Instant now) {
        paused = false;
        updatedAt = now;
    }

    /**
     * The next {@code count} slot instants after {@code after} that are not in {@code taken}. A slot time that does
     * not exist on a DST night moves forward by the gap; one that exists twice uses the earlier instant.
     */
    public List<Instant> nextFreeSlots(Instant after, Set<Instant> taken, int count) {
        return nextFreeSlots(after, taken, count, at -> true);
    }

    /**
     * The next {@code count} free slots that {@code take} accepts; it is asked in time order and an accepted slot
     * counts for the later ones (as the accounts' posting caps need: a slot given is a post to come).
     */
    public List<Instant> nextFreeSlots(Instant after, Set<Instant> taken, int count, Predicate<Instant> take) {
        List<Instant> free = new ArrayList<>();
        if (slots.isEmpty()) {
            return free;
        }
        ZoneId zone = ZoneId.of(timezone);
        List<Slot> ordered =
                slots.stream().sorted(Comparator.comparing(Slot::localTime)).toList();
        LocalDate day = after.atZone(zone).toLocalDate();
        for (int i = 0; i < HORIZON_WEEKS * 7 && free.size() < count; i++, day = day.plusDays(1)) {
            DayOfWeek weekday = day.getDayOfWeek();
            for (Slot slot : ordered) {
                if (slot.dayOfWeek() != weekday.getValue()) {
                    continue;
                }
                Instant at = ZonedDateTime.ofLocal(day.atTime(slot.localTime()), zone, null)
                        .toInstant();
                if (at.isAfter(after) && !taken.contains(at) && !free.contains(at) && take.test(at)) {
                    free.add(at);
                    if (free.size() == count) {
                        break;
                    }
                }
            }
        }
        return free;
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public String timezone() {
        return timezone;
    }

    public boolean paused() {
        return paused;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Set<Slot> slots() {
        return slots;
    }

    public Set<String> accountIds() {
        return accountIds;
    }

    /** A weekly slot: ISO day of week (1 = Monday) and local time. */
    @Embeddable
    public record Slot(
            @Column(name = "day_of_week") int dayOfWeek,
            @Column(name = "local_time") LocalTime localTime) {}
}

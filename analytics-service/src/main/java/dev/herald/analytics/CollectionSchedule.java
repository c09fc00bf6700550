package dev.herald.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The decaying schedule of a published post's metric slots, and the daily slot of an account: pure time arithmetic. */
public final class CollectionSchedule {

    private final List<Duration> offsets;

    public CollectionSchedule(List<Duration> offsets) {
        if (offsets.isEmpty() || offsets.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("The collection schedule needs positive durations: " + offsets);
        }
        this.offsets = offsets.stream().sorted().distinct().toList();
    }

    /** One slot of a post: its label and when it is due. */
    public record Slot(String label, Instant dueAt) {}

    /** The slots of a post published at {@code publishedAt}, in time order. */
    public List<Slot> forPost(Instant publishedAt) {
        return offsets.stream()
                .map(offset -> new Slot(label(offset), publishedAt.plus(offset)))
                .toList();
    }

    /** An account's slot of the UTC day of {@code at}, due at once (the label is the day). */
    public static Slot forAccountDay(Instant at) {
        return new Slot(LocalDate.ofInstant(at, ZoneOffset.UTC).toString(), at);
    }

    /** An on-demand refresh slot, unique per request time. */
    public static Slot refresh(Instant at) {
        return new Slot("refresh-" + at.toEpochMilli(), at);
    }

    /** {@code 15m}, {@code 6h}, {@code 24h}, {@code 3d}: the largest unit that divides the offset, hours up to a day. */
    static String label(Duration offset) {
        long minutes = offset.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes > 24 * 60) {
            return minutes / (24 * 60) + "d";
        }
        if (minutes % 60 == 0) {
            return minutes / 60 + "h";
        }
        if (offset.toSeconds() % 60 == 0) {
            return minutes + "m";
        }
        return offset.toSeconds() + "s";
    }
}

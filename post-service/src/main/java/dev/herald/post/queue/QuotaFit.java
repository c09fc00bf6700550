package dev.herald.post.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.herald.rules.PostingQuota;

/**
 * One account's posts (published or still to go) against its platform's cap: whether one more at a given time keeps
 * every window of the cap's length within it — the windows before the new post and the ones reaching later posts.
 * Windows are closed ({@code [s, s + window]}), as the preflight counts them, so two posts exactly a window apart
 * count together: a slot is never given that the preflight would then call at risk.
 */
public final class QuotaFit {

    private final PostingQuota quota;
    private final List<Instant> times;

    public QuotaFit(PostingQuota quota, List<Instant> times) {
        this.quota = quota;
        this.times = new ArrayList<>(times);
        Collections.sort(this.times);
    }

    /** Whether a post at {@code at} fits; if it does, it counts from now on (the next slots see it). */
    public boolean take(Instant at) {
        if (!fits(at)) {
            return false;
        }
        int index = Collections.binarySearch(times, at);
        times.add(index < 0 ? -index - 1 : index, at);
        return true;
    }

    /**
     * The fullest window holding {@code at} either ends at {@code at} or ends at a later post within one window of it:
     * a window's count only grows when its end reaches a post.
     */
    public boolean fits(Instant at) {
        if (count(at.minus(quota.window()), at) >= quota.posts()) {
            return false;
        }
        Instant last = at.plus(quota.window());
        for (int i = firstAtOrAfter(at); i < times.size() && !times.get(i).isAfter(last); i++) {
            Instant end = times.get(i);
            if (count(end.minus(quota.window()), end) >= quota.posts()) {
                return false;
            }
        }
        return true;
    }

    /** Posts within {@code [from, to]}. */
    private int count(Instant from, Instant to) {
        int start = firstAtOrAfter(from);
        int end = start;
        while (end < times.size() && !times.get(end).isAfter(to)) {
            end++;
        }
        return end - start;
    }

    private int firstAtOrAfter(Instant at) {
        int low = 0;
        int high = times.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times.get(mid).isBefore(at)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}

package dev.brisk.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The demo data's draws on its time line: ages (seconds before "now") and the instants and dates
 * they stand for, weighted picks and samples. Shares the generator's {@link Random}, so the
 * sequence of draws, and with it the data set, stays a function of the seed.
 */
final class Draws {

    private final Random random;
    private final Instant now;

    Draws(Random random, Instant now) {
        this.random = random;
        this.now = now;
    }

    /** Uniform in [lo, hi] seconds. */
    long between(long lo, long hi) {
        return hi <= lo ? lo : lo + (long) (random.nextDouble() * (hi - lo + 1));
    }

    /** An age within {@code span}, denser towards now (a business that grows), at least a minute ago. */
    long recentAge(long span) {
        double x = random.nextBoolean() ? random.nextDouble() : Math.sqrt(random.nextDouble()); // 0 = span ago, 1 = now
        return Math.max(DemoData.MINUTE, (long) ((1 - x) * span));
    }

    /** An event {@code minDelay..maxDelay} after the one {@code age} seconds ago, but never in the future. */
    long later(long age, long minDelay, long maxDelay) {
        return Math.max(0, age - between(minDelay, maxDelay));
    }

    Instant at(long age) {
        return now.minusSeconds(age);
    }

    long ageOf(Instant time) {
        return now.getEpochSecond() - time.getEpochSecond();
    }

    Instant atOrNull(long age) {
        return age == DemoData.NONE ? null : at(age);
    }

    LocalDate dateOf(long age) {
        return LocalDate.ofInstant(at(age), ZoneOffset.UTC);
    }

    /** Index into a prefix of cumulative weights, proportional to each weight. */
    int weighted(double[] cumulative, int prefix) {
        double target = random.nextDouble() * cumulative[prefix - 1];
        int lo = 0;
        int hi = prefix - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** How many of the (descending) ages are greater than {@code age}. */
    static int countOlderThan(long[] descending, long age) {
        int lo = 0;
        int hi = descending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (descending[mid] > age) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static void sortDescending(long[] values) {
        Arrays.sort(values);
        for (int i = 0, j = values.length - 1; i < j; i++, j--) {
            long t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    static List<Integer> indexRange(int from, int to) {
        List<Integer> list = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    /** Up to {@code count} distinct elements, drawn with the generator's random. */
    List<Integer> sample(List<Integer> from, int count) {
        List<Integer> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }
}

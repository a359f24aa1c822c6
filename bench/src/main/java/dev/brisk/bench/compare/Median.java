package dev.brisk.bench.compare;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The one median of the harness: the middle value, or the mean of the two middle ones; 0 for none. */
final class Median {

    private Median() {}

    static double of(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] a = values.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Of the first {@code n} values (all of them if fewer). */
    static double ofFirst(List<Double> values, int n) {
        return of(values.subList(0, Math.min(n, values.size())));
    }

    /** Of the last {@code n} values (all of them if fewer). */
    static double ofLast(List<Double> values, int n) {
        return of(values.subList(Math.max(0, values.size() - n), values.size()));
    }

    /** Of the values that are not null. */
    static double of(Collection<Double> values) {
        return of(values.stream()
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray());
    }
}

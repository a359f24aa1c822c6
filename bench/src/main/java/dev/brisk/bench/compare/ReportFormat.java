package dev.brisk.bench.compare;

import dev.brisk.bench.run.Results;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the report writes numbers: milliseconds, rates, ratios, percentages, counts, lists. */
final class ReportFormat {

    private ReportFormat() {}

    /** Median latency of the first {@code n} samples. */
    static double median(List<Results.Sample> samples, int n) {
        return Median.of(
                samples.stream().limit(n).mapToDouble(Results.Sample::latencyMs).toArray());
    }

    static String count(Results.ByCache c) {
        return c == null ? "0" : String.format(Locale.ROOT, "%,d", c.requests());
    }

    static String p50p99(Results.ByCache c) {
        return c == null
                ? "–"
                : ms(c.serverTime().p50()) + " / " + ms(c.serverTime().p99());
    }

    static String stmts(Results.ByCache c) {
        return c == null || c.statementsMean() == null ? "–" : String.format(Locale.ROOT, "%.2f", c.statementsMean());
    }

    static String pct(Double v) {
        if (v == null) {
            return "–";
        }
        double p = v * 100;
        return p >= 99.95 && p < 100 ? "99.9+ %" : p == 100 ? "100 %" : String.format(Locale.ROOT, "%.1f %%", p);
    }

    static String ms(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String rate(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** a ÷ b as "×1,234" / "×12" / "×1.40" / "×0.52", and below 0.1 as a fraction: "1/18". */
    static String ratio(double a, double b) {
        if (b == 0 || Double.isNaN(a) || Double.isNaN(b)) {
            return "–";
        }
        double x = a / b;
        if (x >= 10) {
            return String.format(Locale.ROOT, "×%,.0f", x);
        }
        if (x >= 0.1) {
            return String.format(Locale.ROOT, "×%.2f", x);
        }
        if (x <= 0) {
            return "×0";
        }
        return String.format(Locale.ROOT, "1/%,.0f", 1 / x);
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String secondsList(List<Double> s) {
        return s == null || s.isEmpty()
                ? "–"
                : s.stream().map(x -> num(x) + " s").collect(Collectors.joining(", "));
    }

    static String list(List<String> items) {
        return items.isEmpty() ? "no migrations" : String.join(", ", items);
    }
}

package dev.brisk.bench.compare;

import java.util.Locale;

/** Axis ranges and number labels of the charts. */
final class ChartScale {

    private ChartScale() {}

    /** The largest 1-2-5 value at or below v. */
    static double logFloor(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        double f = v / p;
        return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
    }

    /** The smallest 1-2-5 value at or above v. */
    static double logCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        double f = v / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * p;
    }

    static String fmtAxis(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 1 || v == 0) {
            return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(
                Locale.ROOT,
                "%s",
                new java.math.BigDecimal(v).round(new java.math.MathContext(1)).toPlainString());
    }

    static String fmtValue(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmtRatio(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "×%,.0f", v) : String.format(Locale.ROOT, "×%.1f", v);
    }
}

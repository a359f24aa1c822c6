package dev.brisk.bench.compare;

import dev.brisk.bench.run.Results;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG charts of a {@link CompareResult}, drawn with Java2D (no chart library). */
public final class Charts {

    static final String LATENCY = "performance-latency.png";
    static final String THROUGHPUT = "performance-throughput.png";
    static final String REDIS_DOWN = "performance-redis-down.png";

    private static final Color BASELINE = new Color(0xD9, 0x6B, 0x1E);
    private static final Color OPTIMIZED = new Color(0x1F, 0x6F, 0xB4);
    private static final Color GRID = new Color(0xE2, 0xE2, 0xE2);
    private static final Color AXIS = new Color(0x55, 0x55, 0x55);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color ERROR = new Color(0xC0, 0x10, 0x10);
    private static final String FONT = "DejaVu Sans";

    private Charts() {
    }

    /** Writes the charts into {@code dir}; returns the file names written. */
    public static List<String> write(CompareResult r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        List<String> scenarios = r.settings().scenarios();
        ImageIO.write(latency(r, scenarios), "png", dir.resolve(LATENCY).toFile());
        written.add(LATENCY);
        ImageIO.write(throughput(r, scenarios), "png", dir.resolve(THROUGHPUT).toFile());
        written.add(THROUGHPUT);
        if (r.scenario(Compare.OPTIMIZED, "redis-down") != null) {
            ImageIO.write(redisDown(r), "png", dir.resolve(REDIS_DOWN).toFile());
            written.add(REDIS_DOWN);
        }
        return written;
    }

    // ---------------------------------------------------------------------------------------------

    /** Per scenario: p50 / p95 / p99 of both modes as bars on a log scale. */
    static BufferedImage latency(CompareResult r, List<String> scenarios) {
        int w = 1500;
        int h = 720;
        Canvas c = new Canvas(w, h);
        c.title("Response time per scenario: p50 / p95 / p99, baseline vs optimized (ms, log scale)");
        c.subtitle(subtitle(r) + "  ·  client-side, corrected for coordinated omission");
        int left = 90;
        int right = w - 30;
        int top = 110;
        int bottom = h - 95;

        double max = 1;
        double min = Double.MAX_VALUE;
        for (String s : scenarios) {
            for (String mode : List.of(Compare.BASELINE, Compare.OPTIMIZED)) {
                Results.Scenario x = r.scenario(mode, s);
                if (x != null && x.latency().count() > 0) {
                    max = Math.max(max, x.latency().p99());
                    min = Math.min(min, Math.max(0.01, x.latency().p50()));
                }
            }
        }
        double lo = logFloor(min == Double.MAX_VALUE ? 0.1 : min / 1.2);
        double hi = logCeil(max * 1.6);
        LogAxis y = new LogAxis(lo, hi, bottom, top);
        for (double decade = Math.pow(10, Math.floor(Math.log10(lo))); decade <= hi; decade *= 10) {
            for (int k = 1; k < 10; k++) {
                double v = decade * k;
                if (v < lo * 0.999 || v > hi * 1.001) {
                    continue;
                }
                int py = y.px(v);
                boolean labelled = k == 1 || k == 2 || k == 5;
                c.g.setColor(labelled ? GRID : new Color(0xF4, 0xF4, 0xF4));
                c.g.drawLine(left, py, right, py);
                if (labelled) {
                    c.g.setColor(AXIS);
                    c.text(fmtAxis(v), left - 8, py + 5, Align.RIGHT, 13, false);
                }
            }
        }
        c.g.setColor(AXIS);
        c.g.drawLine(left, top, left, bottom);
        c.g.drawLine(left, bottom, right, bottom);
        c.vertical("ms", 28, (top + bottom) / 2, 14);

        int groups = scenarios.size();
        double groupW = (right - left) / (double) groups;
        double barW = Math.min(26, (groupW - 30) / 6.0);
        String[] pct = {"p50", "p95", "p99"};
        for (int gi = 0; gi < groups; gi++) {
            String s = scenarios.get(gi);
            double gx = left + gi * groupW + (groupW - 6 * barW - 10) / 2;
            for (int m = 0; m < 2; m++) {
                String mode = m == 0 ? Compare.BASELINE : Compare.OPTIMIZED;
                Results.Scenario x = r.scenario(mode, s);
                Color base = m == 0 ? BASELINE : OPTIMIZED;
                for (int p = 0; p < 3; p++) {
                    double bx = gx + m * (3 * barW + 10) + p * barW;
                    if (x == null || x.latency().count() == 0) {
                        continue;
                    }
                    double v = p == 0 ? x.latency().p50() : p == 1 ? x.latency().p95() : x.latency().p99();
                    int py = y.px(Math.max(lo, v));
                    c.g.setColor(shade(base, p));
                    c.g.fillRect((int) bx, py, (int) Math.ceil(barW) - 2, bottom - py);
                }
                if (x != null && x.latency().count() > 0) {
                    // the p50 value above the cluster's tallest bar
                    double top3 = Math.max(x.latency().p50(), Math.max(x.latency().p95(), x.latency().p99()));
                    c.g.setColor(m == 0 ? BASELINE.darker() : OPTIMIZED.darker());
                    c.text(fmtValue(x.latency().p50()), (int) (gx + m * (3 * barW + 10) + 1.5 * barW), y.px(top3) - 6,
                            Align.CENTER, 12, true);
                }
            }
            c.g.setColor(TEXT);
            c.text(s, (int) (left + gi * groupW + groupW / 2), bottom + 22, Align.CENTER, 14, true);
            Results.Scenario b = r.scenario(Compare.BASELINE, s);
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, s);
            if (b != null && o != null && o.latency().p50() > 0 && b.latency().p50() > 0) {
                c.g.setColor(AXIS);
                double q = b.latency().p50() / o.latency().p50();
                c.text(q >= 1 ? "optimized p50 " + fmtRatio(q).substring(1) + "× lower"
                                : "optimized p50 " + fmtRatio(1 / q).substring(1) + "× higher",
                        (int) (left + gi * groupW + groupW / 2), bottom + 42, Align.CENTER, 12, false);
            }
        }
        // legend
        int lx = left + 10;
        int ly = top - 26;
        for (int m = 0; m < 2; m++) {
            Color base = m == 0 ? BASELINE : OPTIMIZED;
            c.g.setColor(TEXT);
            c.text(m == 0 ? "baseline" : "optimized", lx, ly + 12, Align.LEFT, 13, true);
            lx += m == 0 ? 75 : 85;
            for (int p = 0; p < 3; p++) {
                c.g.setColor(shade(base, p));
                c.g.fillRect(lx, ly, 16, 14);
                c.g.setColor(TEXT);
                c.text(pct[p], lx + 20, ly + 12, Align.LEFT, 12, false);
                lx += 58;
            }
            lx += 30;
        }
        c.g.setColor(AXIS);
        c.text("number above each cluster: its p50 in ms", right, ly + 12, Align.RIGHT, 12, false);
        c.footer(h);
        return c.image;
    }

    /** Per scenario: requests per second of both modes, with the ratio. */
    static BufferedImage throughput(CompareResult r, List<String> scenarios) {
        int w = 1500;
        int h = 680;
        Canvas c = new Canvas(w, h);
        c.title("Throughput per scenario, baseline vs optimized (requests/s)");
        c.subtitle(subtitle(r) + "  ·  closed loop: each user sends its next request when the last one is answered");
        int left = 90;
        int right = w - 30;
        int top = 110;
        int bottom = h - 80;
        double max = 1;
        for (String s : scenarios) {
            for (String mode : List.of(Compare.BASELINE, Compare.OPTIMIZED)) {
                Results.Scenario x = r.scenario(mode, s);
                if (x != null) {
                    max = Math.max(max, x.throughput());
                }
            }
        }
        double step = niceStep(max / 6);
        double hi = Math.ceil(max * 1.12 / step) * step;
        for (double v = 0; v <= hi + step / 2; v += step) {
            int py = (int) (bottom - v / hi * (bottom - top));
            c.g.setColor(GRID);
            c.g.drawLine(left, py, right, py);
            c.g.setColor(AXIS);
            c.text(fmtAxis(v), left - 8, py + 5, Align.RIGHT, 13, false);
        }
        c.g.setColor(AXIS);
        c.g.drawLine(left, top, left, bottom);
        c.g.drawLine(left, bottom, right, bottom);
        c.vertical("requests/s", 28, (top + bottom) / 2, 14);
        int groups = scenarios.size();
        double groupW = (right - left) / (double) groups;
        double barW = Math.min(60, (groupW - 40) / 2);
        for (int gi = 0; gi < groups; gi++) {
            String s = scenarios.get(gi);
            double gx = left + gi * groupW + (groupW - 2 * barW - 6) / 2;
            Results.Scenario b = r.scenario(Compare.BASELINE, s);
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, s);
            for (int m = 0; m < 2; m++) {
                Results.Scenario x = m == 0 ? b : o;
                if (x == null) {
                    continue;
                }
                double bx = gx + m * (barW + 6);
                int py = (int) (bottom - x.throughput() / hi * (bottom - top));
                c.g.setColor(m == 0 ? BASELINE : OPTIMIZED);
                c.g.fillRect((int) bx, py, (int) barW, bottom - py);
                c.g.setColor(TEXT);
                c.text(fmtValue(x.throughput()), (int) (bx + barW / 2), py - 6, Align.CENTER, 12, true);
                if (x.errors() > 0) {
                    c.g.setColor(ERROR);
                    c.text(x.errors() + (x.errors() == 1 ? " error" : " errors"), (int) (bx + barW / 2), py - 22, Align.CENTER, 11, true);
                }
            }
            c.g.setColor(TEXT);
            c.text(s, (int) (left + gi * groupW + groupW / 2), bottom + 22, Align.CENTER, 14, true);
            if (b != null && o != null && b.throughput() > 0) {
                c.g.setColor(AXIS);
                c.text("optimized ÷ baseline " + fmtRatio(o.throughput() / b.throughput()), (int) (left + gi * groupW + groupW / 2),
                        bottom + 42, Align.CENTER, 12, false);
            }
        }
        legend(c, left + 10, top - 26);
        c.footer(h);
        return c.image;
    }

    /** Redis-down: requests per second over the measured run, both modes, errors in red, kill and restart marked. */
    static BufferedImage redisDown(CompareResult r) {
        int w = 1500;
        int h = 620;
        Canvas c = new Canvas(w, h);
        c.title("Redis unavailable: requests per second during the mixed load (optimized: Redis SIGKILLed, then restarted)");
        c.subtitle(subtitle(r) + "  ·  baseline has no Redis: the same load without a kill");
        int left = 90;
        int right = w - 30;
        int top = 110;
        int bottom = h - 80;
        Results.Scenario b = r.scenario(Compare.BASELINE, "redis-down");
        Results.Scenario o = r.scenario(Compare.OPTIMIZED, "redis-down");
        // whole seconds only: the last, partial bucket holds the tail of the run and would look like a drop
        int seconds = Math.max(1, (int) Math.round(r.settings().durationSeconds()));
        double max = 1;
        for (Results.Scenario x : new Results.Scenario[] {b, o}) {
            if (x != null) {
                for (Results.TimelinePoint p : x.timeline()) {
                    if (p.second() < seconds) {
                        max = Math.max(max, p.requests());
                    }
                }
            }
        }
        double step = niceStep(max / 5);
        double hi = Math.ceil(max * 1.15 / step) * step;
        final int secs = seconds;
        java.util.function.IntUnaryOperator px = s -> left + (int) ((right - left) * (s + 0.5) / secs);
        java.util.function.DoubleToIntFunction py = v -> (int) (bottom - v / hi * (bottom - top));
        for (double v = 0; v <= hi + step / 2; v += step) {
            c.g.setColor(GRID);
            c.g.drawLine(left, py.applyAsInt(v), right, py.applyAsInt(v));
            c.g.setColor(AXIS);
            c.text(fmtAxis(v), left - 8, py.applyAsInt(v) + 5, Align.RIGHT, 13, false);
        }
        c.g.setColor(AXIS);
        c.g.drawLine(left, top, left, bottom);
        c.g.drawLine(left, bottom, right, bottom);
        c.vertical("requests/s", 28, (top + bottom) / 2, 14);
        int every = Math.max(1, secs / 15);
        for (int s = 0; s < secs; s += every) {
            c.text(Integer.toString(s), px.applyAsInt(s), bottom + 20, Align.CENTER, 12, false);
        }
        c.text("second of the measured run", (left + right) / 2, bottom + 42, Align.CENTER, 13, false);
        if (o != null) {
            for (Results.HookEvent e : o.hooks()) {
                int x = left + (int) ((right - left) * e.atSecond() / secs);
                c.g.setColor(ERROR);
                c.g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                c.g.drawLine(x, top, x, bottom);
                c.g.setStroke(new BasicStroke(1));
                c.text(e.name().equals("redis-kill") ? "Redis killed" : "Redis started", x + 6, top + 14, Align.LEFT, 12, true);
            }
        }
        for (int m = 0; m < 2; m++) {
            Results.Scenario x = m == 0 ? b : o;
            if (x == null) {
                continue;
            }
            c.g.setColor(m == 0 ? BASELINE : OPTIMIZED);
            c.g.setStroke(new BasicStroke(2.5f));
            int prevX = -1;
            int prevY = -1;
            for (Results.TimelinePoint p : x.timeline()) {
                if (p.second() >= secs) {
                    break;
                }
                int X = px.applyAsInt(p.second());
                int Y = py.applyAsInt(p.requests());
                if (prevX >= 0) {
                    c.g.drawLine(prevX, prevY, X, Y);
                }
                c.g.fillOval(X - 3, Y - 3, 6, 6);
                prevX = X;
                prevY = Y;
            }
            c.g.setStroke(new BasicStroke(1));
            for (Results.TimelinePoint p : x.timeline()) {
                if (p.errors() > 0 && p.second() < secs) {
                    int X = px.applyAsInt(p.second());
                    c.g.setColor(ERROR);
                    c.g.fillRect(X - 4, py.applyAsInt(p.errors()), 8, bottom - py.applyAsInt(p.errors()));
                }
            }
        }
        legend(c, left + 10, top - 26);
        c.g.setColor(ERROR);
        c.g.fillRect(left + 220, top - 26, 16, 14);
        c.g.setColor(TEXT);
        long errs = (b == null ? 0 : b.errors()) + (o == null ? 0 : o.errors());
        c.text("failed requests per second (" + errs + " in all)", left + 242, top - 14, Align.LEFT, 13, false);
        c.footer(h);
        return c.image;
    }

    // ---------------------------------------------------------------------------------------------

    private static void legend(Canvas c, int x, int y) {
        c.g.setColor(BASELINE);
        c.g.fillRect(x, y, 16, 14);
        c.g.setColor(TEXT);
        c.text("baseline", x + 20, y + 12, Align.LEFT, 13, true);
        c.g.setColor(OPTIMIZED);
        c.g.fillRect(x + 100, y, 16, 14);
        c.g.setColor(TEXT);
        c.text("optimized", x + 120, y + 12, Align.LEFT, 13, true);
    }

    private static String subtitle(CompareResult r) {
        StringBuilder s = new StringBuilder();
        s.append("size ").append(r.data().size());
        Long orders = r.data().rows() == null ? null : r.data().rows().get("orders");
        if (orders != null) {
            s.append(String.format(Locale.ROOT, " (%,d orders)", orders));
        }
        s.append("  ·  ").append(r.settings().users()).append(" users, ")
                .append(fmtAxis(r.settings().durationSeconds())).append(" s per scenario");
        s.append("  ·  ").append(r.startedAt(), 0, Math.min(10, r.startedAt().length()));
        if (r.machine() != null) {
            s.append("  ·  ").append(r.machine().cpus()).append(" CPUs");
        }
        return s.toString();
    }

    private static Color shade(Color c, int level) {
        float f = level * 0.28f;
        return new Color(Math.round(c.getRed() + (255 - c.getRed()) * f), Math.round(c.getGreen() + (255 - c.getGreen()) * f),
                Math.round(c.getBlue() + (255 - c.getBlue()) * f));
    }

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
        return String.format(Locale.ROOT, "%s", new java.math.BigDecimal(v).round(new java.math.MathContext(1)).toPlainString());
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

    private record LogAxis(double lo, double hi, int bottom, int top) {
        int px(double v) {
            double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
            return (int) Math.round(bottom - f * (bottom - top));
        }
    }

    private enum Align { LEFT, CENTER, RIGHT }

    private static final class Canvas {
        final BufferedImage image;
        final Graphics2D g;

        Canvas(int w, int h) {
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
        }

        void title(String text) {
            g.setColor(TEXT);
            text(text, 30, 38, Align.LEFT, 20, true);
        }

        void subtitle(String text) {
            g.setColor(AXIS);
            text(text, 30, 62, Align.LEFT, 13, false);
        }

        void footer(int h) {
            g.setColor(new Color(0x99, 0x99, 0x99));
            text("brisk-bench compare", image.getWidth() - 12, h - 10, Align.RIGHT, 11, false);
        }

        void text(String s, int x, int y, Align align, int size, boolean bold) {
            g.setFont(new Font(FONT, bold ? Font.BOLD : Font.PLAIN, size));
            FontMetrics fm = g.getFontMetrics();
            int width = fm.stringWidth(s);
            int tx = switch (align) {
                case LEFT -> x;
                case CENTER -> x - width / 2;
                case RIGHT -> x - width;
            };
            g.drawString(s, tx, y);
        }

        void vertical(String s, int x, int y, int size) {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2, x, y);
            g.setColor(AXIS);
            text(s, x, y, Align.CENTER, size, false);
            g.setTransform(saved);
        }
    }
}

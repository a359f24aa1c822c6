package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ChartCanvas.AXIS;
import static dev.brisk.bench.compare.ChartCanvas.BASELINE;
import static dev.brisk.bench.compare.ChartCanvas.ERROR;
import static dev.brisk.bench.compare.ChartCanvas.GRID;
import static dev.brisk.bench.compare.ChartCanvas.OPTIMIZED;
import static dev.brisk.bench.compare.ChartCanvas.TEXT;
import static dev.brisk.bench.compare.ChartCanvas.shade;
import static dev.brisk.bench.compare.ChartCanvas.subtitleOf;
import static dev.brisk.bench.compare.ChartScale.fmtAxis;
import static dev.brisk.bench.compare.ChartScale.fmtRatio;
import static dev.brisk.bench.compare.ChartScale.fmtValue;
import static dev.brisk.bench.compare.ChartScale.logCeil;
import static dev.brisk.bench.compare.ChartScale.logFloor;
import static dev.brisk.bench.compare.ChartScale.niceStep;

import dev.brisk.bench.compare.ChartCanvas.Align;
import dev.brisk.bench.compare.ChartCanvas.LogAxis;
import dev.brisk.bench.run.Results;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * PNG charts of a {@link CompareResult}, drawn with Java2D (no chart library): latency and
 * throughput per scenario here, the Redis outage in {@link RedisDownChart}.
 */
public final class Charts {

    static final String LATENCY = "performance-latency.png";
    static final String THROUGHPUT = "performance-throughput.png";
    static final String REDIS_DOWN = "performance-redis-down.png";

    private Charts() {}

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
            ImageIO.write(RedisDownChart.draw(r), "png", dir.resolve(REDIS_DOWN).toFile());
            written.add(REDIS_DOWN);
        }
        return written;
    }

    /** Per scenario: p50 / p95 / p99 of both modes as bars on a log scale. */
    static BufferedImage latency(CompareResult r, List<String> scenarios) {
        int w = 1500;
        int h = 720;
        ChartCanvas c = new ChartCanvas(w, h);
        c.title("Response time per scenario: p50 / p95 / p99, baseline vs optimized (ms, log scale)");
        c.subtitle(subtitleOf(r) + "  ·  client-side, corrected for coordinated omission");
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
                    double v = p == 0
                            ? x.latency().p50()
                            : p == 1 ? x.latency().p95() : x.latency().p99();
                    int py = y.px(Math.max(lo, v));
                    c.g.setColor(shade(base, p));
                    c.g.fillRect((int) bx, py, (int) Math.ceil(barW) - 2, bottom - py);
                }
                if (x != null && x.latency().count() > 0) {
                    // the p50 value above the cluster's tallest bar
                    double top3 = Math.max(
                            x.latency().p50(),
                            Math.max(x.latency().p95(), x.latency().p99()));
                    c.g.setColor(m == 0 ? BASELINE.darker() : OPTIMIZED.darker());
                    c.text(
                            fmtValue(x.latency().p50()),
                            (int) (gx + m * (3 * barW + 10) + 1.5 * barW),
                            y.px(top3) - 6,
                            Align.CENTER,
                            12,
                            true);
                }
            }
            c.g.setColor(TEXT);
            c.text(s, (int) (left + gi * groupW + groupW / 2), bottom + 22, Align.CENTER, 14, true);
            Results.Scenario b = r.scenario(Compare.BASELINE, s);
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, s);
            if (b != null && o != null && o.latency().p50() > 0 && b.latency().p50() > 0) {
                c.g.setColor(AXIS);
                double q = b.latency().p50() / o.latency().p50();
                c.text(
                        q >= 1
                                ? "optimized p50 " + fmtRatio(q).substring(1) + "× lower"
                                : "optimized p50 " + fmtRatio(1 / q).substring(1) + "× higher",
                        (int) (left + gi * groupW + groupW / 2),
                        bottom + 42,
                        Align.CENTER,
                        12,
                        false);
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
        ChartCanvas c = new ChartCanvas(w, h);
        c.title("Throughput per scenario, baseline vs optimized (requests/s)");
        c.subtitle(subtitleOf(r) + "  ·  closed loop: each user sends its next request when the last one is answered");
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
                    c.text(
                            x.errors() + (x.errors() == 1 ? " error" : " errors"),
                            (int) (bx + barW / 2),
                            py - 22,
                            Align.CENTER,
                            11,
                            true);
                }
            }
            c.g.setColor(TEXT);
            c.text(s, (int) (left + gi * groupW + groupW / 2), bottom + 22, Align.CENTER, 14, true);
            if (b != null && o != null && b.throughput() > 0) {
                c.g.setColor(AXIS);
                c.text(
                        "optimized ÷ baseline " + fmtRatio(o.throughput() / b.throughput()),
                        (int) (left + gi * groupW + groupW / 2),
                        bottom + 42,
                        Align.CENTER,
                        12,
                        false);
            }
        }
        c.legend(left + 10, top - 26);
        c.footer(h);
        return c.image;
    }
}

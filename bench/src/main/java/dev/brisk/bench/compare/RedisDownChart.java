package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ChartCanvas.AXIS;
import static dev.brisk.bench.compare.ChartCanvas.BASELINE;
import static dev.brisk.bench.compare.ChartCanvas.ERROR;
import static dev.brisk.bench.compare.ChartCanvas.GRID;
import static dev.brisk.bench.compare.ChartCanvas.OPTIMIZED;
import static dev.brisk.bench.compare.ChartCanvas.TEXT;
import static dev.brisk.bench.compare.ChartCanvas.subtitleOf;
import static dev.brisk.bench.compare.ChartScale.fmtAxis;
import static dev.brisk.bench.compare.ChartScale.niceStep;

import dev.brisk.bench.compare.ChartCanvas.Align;
import dev.brisk.bench.run.Results;
import java.awt.BasicStroke;
import java.awt.image.BufferedImage;

/** The redis-down chart: requests per second over the measured run, both modes, errors in red, kill and restart marked. */
final class RedisDownChart {

    private RedisDownChart() {}

    static BufferedImage draw(CompareResult r) {
        int w = 1500;
        int h = 620;
        ChartCanvas c = new ChartCanvas(w, h);
        c.title(
                "Redis unavailable: requests per second during the mixed load (optimized: Redis SIGKILLed, then restarted)");
        c.subtitle(subtitleOf(r) + "  ·  baseline has no Redis: the same load without a kill");
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
                c.g.setStroke(
                        new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                c.g.drawLine(x, top, x, bottom);
                c.g.setStroke(new BasicStroke(1));
                c.text(
                        e.name().equals("redis-kill") ? "Redis killed" : "Redis started",
                        x + 6,
                        top + 14,
                        Align.LEFT,
                        12,
                        true);
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
        c.legend(left + 10, top - 26);
        c.g.setColor(ERROR);
        c.g.fillRect(left + 220, top - 26, 16, 14);
        c.g.setColor(TEXT);
        long errs = (b == null ? 0 : b.errors()) + (o == null ? 0 : o.errors());
        c.text("failed requests per second (" + errs + " in all)", left + 242, top - 14, Align.LEFT, 13, false);
        c.footer(h);
        return c.image;
    }
}

package dev.brisk.bench.compare;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** One chart image being drawn: white background, anti-aliased text, the charts' colours and font. */
final class ChartCanvas {

    static final Color BASELINE = new Color(0xD9, 0x6B, 0x1E);
    static final Color OPTIMIZED = new Color(0x1F, 0x6F, 0xB4);
    static final Color GRID = new Color(0xE2, 0xE2, 0xE2);
    static final Color AXIS = new Color(0x55, 0x55, 0x55);
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color ERROR = new Color(0xC0, 0x10, 0x10);
    private static final String FONT = "DejaVu Sans";

    /** A log-scale y axis from {@code lo} at pixel {@code bottom} to {@code hi} at {@code top}. */
    record LogAxis(double lo, double hi, int bottom, int top) {
        int px(double v) {
            double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
            return (int) Math.round(bottom - f * (bottom - top));
        }
    }

    enum Align {
        LEFT,
        CENTER,
        RIGHT
    }

    final BufferedImage image;
    final Graphics2D g;

    ChartCanvas(int w, int h) {
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

    void legend(int x, int y) {
        g.setColor(BASELINE);
        g.fillRect(x, y, 16, 14);
        g.setColor(TEXT);
        text("baseline", x + 20, y + 12, Align.LEFT, 13, true);
        g.setColor(OPTIMIZED);
        g.fillRect(x + 100, y, 16, 14);
        g.setColor(TEXT);
        text("optimized", x + 120, y + 12, Align.LEFT, 13, true);
    }

    /** Size, users, duration, date and CPUs of a run: the second line of every chart. */
    static String subtitleOf(CompareResult r) {
        StringBuilder s = new StringBuilder();
        s.append("size ").append(r.data().size());
        Long orders = r.data().rows() == null ? null : r.data().rows().get("orders");
        if (orders != null) {
            s.append(String.format(Locale.ROOT, " (%,d orders)", orders));
        }
        s.append("  ·  ")
                .append(r.settings().users())
                .append(" users, ")
                .append(ChartScale.fmtAxis(r.settings().durationSeconds()))
                .append(" s per scenario");
        s.append("  ·  ").append(r.startedAt(), 0, Math.min(10, r.startedAt().length()));
        if (r.machine() != null) {
            s.append("  ·  ").append(r.machine().cpus()).append(" CPUs");
        }
        return s.toString();
    }

    /** {@code c} lighter by {@code level} steps (p50, p95, p99 bars). */
    static Color shade(Color c, int level) {
        float f = level * 0.28f;
        return new Color(
                Math.round(c.getRed() + (255 - c.getRed()) * f),
                Math.round(c.getGreen() + (255 - c.getGreen()) * f),
                Math.round(c.getBlue() + (255 - c.getBlue()) * f));
    }
}

package dev.brisk.datagen;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr (rows, rows/s, ETA), redrawn in place on a terminal and printed as a
 * line every few seconds otherwise. Counting is a plain field write from the loading thread; a
 * daemon thread draws.
 */
public final class Progress implements AutoCloseable {

    public enum Style {
        BAR,
        LINES,
        NONE
    }

    private final PrintStream out;
    private final Style style;
    private final Thread drawer;
    private volatile String label = "";
    private volatile long total;
    private final AtomicLong done = new AtomicLong();
    private volatile long phaseStart = System.nanoTime();
    private volatile boolean running = true;
    private long lastLine;

    public Progress(PrintStream out, Style style) {
        this.out = out;
        this.style = style;
        if (style == Style.NONE) {
            drawer = null;
            return;
        }
        drawer = Thread.ofPlatform().daemon().name("progress").start(() -> {
            while (running) {
                try {
                    Thread.sleep(style == Style.BAR ? 200 : 1000);
                } catch (InterruptedException e) {
                    return;
                }
                draw(false);
            }
        });
    }

    /** BAR on a terminal, LINES otherwise. */
    public static Style auto() {
        var console = System.console();
        if (console == null) {
            return Style.LINES;
        }
        try { // Console.isTerminal() exists from JDK 22 on, where console() is no longer null when redirected
            return (Boolean) console.getClass().getMethod("isTerminal").invoke(console) ? Style.BAR : Style.LINES;
        } catch (ReflectiveOperationException e) {
            return Style.BAR;
        }
    }

    public void start(String label, long total) {
        synchronized (this) {
            this.label = label;
            this.total = total;
            this.done.set(0);
            this.phaseStart = System.nanoTime();
            this.lastLine = phaseStart;
        }
    }

    public void add(long rows) {
        done.addAndGet(rows);
    }

    /** Ends the phase with its final line; returns its duration in seconds. */
    public double finish() {
        double seconds = (System.nanoTime() - phaseStart) / 1e9;
        draw(true);
        synchronized (this) {
            label = "";
        }
        return seconds;
    }

    private synchronized void draw(boolean last) {
        if (style == Style.NONE || label.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (style == Style.LINES && !last && now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        long n = done.get();
        double seconds = Math.max(1e-9, (now - phaseStart) / 1e9);
        double rate = n / seconds;
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%-12s ", label));
        if (total > 0) {
            double f = Math.min(1, (double) n / total);
            int width = 30;
            int filled = (int) (f * width);
            line.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(width - filled))
                    .append("] ");
            line.append(String.format(Locale.ROOT, "%5.1f%% %,d/%,d", f * 100, n, total));
        } else {
            line.append(String.format(Locale.ROOT, "%,d", n));
        }
        line.append(String.format(Locale.ROOT, "  %,.0f rows/s  %.1fs", rate, seconds));
        if (!last && total > 0 && rate > 0 && n < total) {
            line.append(String.format(Locale.ROOT, "  ETA %.0fs", (total - n) / rate));
        }
        if (style == Style.BAR) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        if (drawer != null) {
            drawer.interrupt();
        }
    }
}

package dev.brisk.platform;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link #loop()} on one named daemon thread from the application's start to its stop; {@link #stop()}
 * interrupts the thread, so a loop that waits in {@link #pause} ends at once.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private final String threadName;
    private volatile boolean running;
    private volatile @Nullable Thread thread;

    protected BackgroundLoop(String threadName) {
        this.threadName = threadName;
    }

    /** What the thread does; it should return once {@link #isRunning()} is false. */
    protected abstract void loop();

    /** False: {@link #start()} starts nothing (the feature is switched off). */
    protected boolean enabled() {
        return true;
    }

    @Override
    public void start() {
        if (!enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Waits; false when interrupted (stopping), and then the loop is no longer running. */
    protected final boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }
}

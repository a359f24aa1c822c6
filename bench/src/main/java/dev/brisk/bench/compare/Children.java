package dev.brisk.bench.compare;

import dev.brisk.datagen.LocalRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child processes a comparison started (Brisk servers, redis-servers), so that all of them are
 * stopped at the end whatever happens: normal end, exception, or the JVM shutting down (Ctrl-C).
 * Only processes registered here are ever stopped, by their own handles.
 */
public final class Children implements AutoCloseable, LocalRedis.Watcher {

    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "compare-children-shutdown");
    private boolean hooked;

    @Override
    public void started(Process process) {
        register(process);
    }

    @Override
    public void ended(Process process) {
        forget(process);
    }

    public synchronized void register(Process p) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
        }
        processes.add(p);
    }

    public synchronized void forget(Process p) {
        processes.remove(p);
    }

    /** SIGTERM, up to {@code graceSeconds} to exit, then SIGKILL; the process's own children too. */
    public static void stop(Process p, int graceSeconds) {
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
    }

    synchronized void stopAll() {
        for (Process p : new ArrayList<>(processes)) {
            stop(p, 15);
        }
        processes.clear();
    }

    @Override
    public void close() {
        stopAll();
        synchronized (this) {
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
                hooked = false;
            }
        }
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }
}

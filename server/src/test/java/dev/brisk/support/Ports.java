package dev.brisk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free TCP ports for the servers a test starts (Brisk, PostgreSQL, Redis). */
public final class Ports {

    private Ports() {}

    /** A port nothing listens on right now (the OS's choice). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

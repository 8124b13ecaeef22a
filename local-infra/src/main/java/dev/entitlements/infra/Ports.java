package dev.entitlements.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;

/** Free ports and waiting for a port to open. */
public final class Ports {

    private Ports() {}

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until the port accepts connections.
     *
     * @param failure checked on every poll: a non-null message (e.g. "process exited") aborts the wait
     */
    public static void await(String host, int port, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isOpen(host, port)) {
            String failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException(failed);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(host + ":" + port + " did not open within " + timeout);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

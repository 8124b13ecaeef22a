package dev.entitlements.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A load driver that costs little CPU: plain blocking HTTP/1.1 keep-alive connections, one thread
 * each, no async machinery. On a 2-core machine the driver shares the cores with the service,
 * PostgreSQL and Kafka; java.net.http spent about 1 ms of CPU per request here, which at 1,000
 * requests/s is half the machine. Only what the benchmarks need: POST with a body, status and body
 * back (Content-Length or chunked).
 */
final class HttpLoad {

    /** One request: everything but the body's length is in {@code head}. */
    record Request(String path, String authorization, byte[] body) {}

    /** An answer: status and body. */
    record Response(int status, String body) {}

    /** Latencies (ns, sorted), failures, achieved rate. */
    record Result(long[] nanos, int errors, double perSecond, String firstError) {

        double pct(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(nanos.length - 1, i))] / 1e6;
        }
    }

    /** A create answered 201. */
    static boolean created(Response r) {
        return r.status() == 201;
    }

    private final String host;
    private final int port;

    HttpLoad(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Open loop: request {@code i} is due at {@code start + i / rate} whatever the answers do; its
     * latency counts from then, so a stall shows as latency instead of slowing the load. {@code
     * connections} threads take due requests in order.
     */
    Result openLoop(int rate, int seconds, int connections, IntFunction<Request> request, Predicate<Response> ok)
            throws Exception {
        int total = rate * seconds;
        BlockingQueue<long[]> due = new ArrayBlockingQueue<>(total + connections);
        Collector c = new Collector();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < connections; k++) {
            threads.add(started(() -> {
                try (Conn conn = new Conn()) {
                    while (true) {
                        long[] job = due.take();
                        if (job[0] < 0) {
                            return;
                        }
                        c.record(conn, request.apply((int) job[0]), ok, job[1]);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            due.add(new long[] {i, scheduled});
        }
        for (int k = 0; k < connections; k++) {
            due.add(new long[] {-1, 0});
        }
        for (Thread t : threads) {
            t.join();
        }
        return c.result(total, System.nanoTime() - start);
    }

    /** Closed loop: {@code clients} connections each send the next request as soon as the last is answered. */
    Result closedLoop(int clients, int seconds, IntFunction<Request> request, Predicate<Response> ok) throws Exception {
        Collector c = new Collector();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            threads.add(started(() -> {
                try (Conn conn = new Conn()) {
                    while (System.nanoTime() < end) {
                        c.record(conn, request.apply(next.getAndIncrement()), ok, System.nanoTime());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return c.result(next.get(), System.nanoTime() - start);
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r, "load");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What the threads measured. */
    private static final class Collector {
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicInteger errors = new AtomicInteger();
        volatile String firstError;

        void record(Conn conn, Request r, Predicate<Response> ok, long since) {
            Response response;
            try {
                response = conn.send(r);
            } catch (IOException e) {
                response = new Response(-1, e.toString());
                conn.reset();
            }
            latencies.add(System.nanoTime() - since);
            if (!ok.test(response) && errors.incrementAndGet() == 1) {
                firstError = response.status() + " "
                        + response.body()
                                .substring(0, Math.min(300, response.body().length()));
            }
        }

        Result result(int sent, long elapsedNanos) {
            long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(nanos);
            return new Result(nanos, errors.get(), sent / (elapsedNanos / 1e9), firstError);
        }
    }

    /** One keep-alive connection; reopened after an error. */
    private final class Conn implements AutoCloseable {
        private Socket socket;
        private BufferedOutputStream out;
        private InputStream in;

        Response send(Request r) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout(30_000);
                out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            }
            String head = "POST " + r.path() + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: "
                    + r.authorization() + "\r\nContent-Type: application/json\r\nContent-Length: " + r.body().length
                    + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(r.body());
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(length, 256));
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                        size > 0;
                        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else if (length > 0) {
                byte[] b = in.readNBytes(length);
                if (b.length < length) {
                    throw new EOFException("body cut short");
                }
                body.write(b);
            }
            if (close) {
                reset();
            }
            return new Response(code, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        void reset() {
            close();
            socket = null;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}

package dev.entitlements.infra.faults;

import dev.entitlements.infra.ServiceProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The faults of issue 18, each injected into real processes (by pid) or the real server, held,
 * and undone. {@link Fault#inject} returns when the fault is over (the process restarted, the
 * server answering again): the recovery clock starts there.
 */
final class Faults {

    private static final Duration READY = Duration.ofSeconds(240);

    private Faults() {}

    interface Action {
        void run(Platform p) throws Exception;
    }

    /** A fault: its name in the report and what it does. */
    record Fault(String name, Action action) {
        void inject(Platform p) throws Exception {
            action.run(p);
        }
    }

    /** The broker frozen (SIGSTOP) for {@code paused}, then SIGKILLed and restarted on the same state. */
    static Fault brokerPausedThenKilled(Duration paused) {
        return new Fault("broker SIGSTOP " + paused.toSeconds() + " s, SIGKILL, restart", p -> {
            p.kafka.pause();
            sleep(paused);
            p.kafka.kill(); // a stopped process dies of SIGKILL as well
            p.kafka.restart();
        });
    }

    /** The broker SIGKILLed, left down for {@code down}, restarted. */
    static Fault brokerKilled(Duration down) {
        return new Fault("broker SIGKILL, down " + down.toSeconds() + " s, restart", p -> {
            p.kafka.kill();
            sleep(down);
            p.kafka.restart();
        });
    }

    /** PostgreSQL stopped as by a crash (immediate shutdown), down for {@code down}, restarted. */
    static Fault postgresCrashed(Duration down) {
        return new Fault("PostgreSQL immediate stop, down " + down.toSeconds() + " s, restart", p -> {
            p.pg.crash();
            sleep(down);
            p.pg.restart();
        });
    }

    /** A service SIGKILLed and started again at once (as Kubernetes would); over when it is ready. */
    static Fault serviceKilled(String name) {
        return serviceKilled(name, 0);
    }

    /**
     * One instance of a service ({@link Platform#instance}) SIGKILLed and started again; over when it
     * is ready. Its partitions go to the other instance once the session times out, and some come back
     * when it rejoins. Requests in flight to it fail without an answer, and the load retries them.
     */
    static Fault serviceKilled(String name, int instance) {
        return new Fault(label(name, instance) + " SIGKILL, restart", p -> {
            ServiceProcess s = p.instance(name, instance);
            p.outOfRotation(s);
            s.kill();
            s.restart().awaitReady(READY);
            p.backInRotation(s);
        });
    }

    /**
     * One instance stopped with TERM, as Kubernetes stops a pod (out of the load's rotation first), and
     * started again: its consumers leave the group, so its partitions move at once, and back when it
     * rejoins. Over when it is ready.
     */
    static Fault serviceStopped(String name, int instance) {
        return new Fault(label(name, instance) + " TERM, restart", p -> {
            ServiceProcess s = p.instance(name, instance);
            p.outOfRotation(s);
            s.close(); // TERM, SIGKILL after 20 s
            s.waitFor();
            s.restart().awaitReady(READY);
            p.backInRotation(s);
        });
    }

    /**
     * The service SIGKILLed while its outbox holds rows (a relay batch in flight): the outbox is
     * polled every 5 ms and the kill comes as soon as it is not empty (within 20 s; else anyway).
     */
    static Fault serviceKilledMidOutbox(String name) {
        return new Fault(name + " SIGKILL mid outbox batch, restart", p -> {
            ServiceProcess s = p.service(name);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try (Connection c = p.db(name);
                    Statement st = c.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox")) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            break;
                        }
                    }
                    Thread.sleep(5);
                }
            }
            s.kill();
            s.restart().awaitReady(READY);
        });
    }

    /** The service frozen (SIGSTOP) for {@code paused}: it accepts connections and answers nothing. */
    static Fault servicePaused(String name, Duration paused) {
        return new Fault(name + " SIGSTOP " + paused.toSeconds() + " s", p -> {
            ServiceProcess s = p.service(name);
            s.pause();
            try {
                sleep(paused);
            } finally {
                s.resume();
            }
        });
    }

    /**
     * One of two instances frozen (SIGSTOP) for {@code paused}, longer than the consumer session
     * timeout: the group drops it and gives its partitions to the other instance, and when it runs
     * again (SIGCONT) it may still hold a batch of partitions it no longer owns (the zombie of
     * docs/scaling.md, section 2). The load stops sending it requests {@link #DRAIN} before the
     * freeze and sends them again once it is ready: what a frozen instance does to its HTTP clients
     * is {@link #servicePaused}'s subject, the partitions' move is this one's.
     */
    static Fault instancePaused(String name, int instance, Duration paused) {
        return new Fault(label(name, instance) + " SIGSTOP " + paused.toSeconds() + " s, SIGCONT", p -> {
            ServiceProcess s = p.instance(name, instance);
            p.outOfRotation(s);
            sleep(DRAIN);
            s.pause();
            try {
                sleep(paused);
            } finally {
                s.resume();
            }
            s.awaitReady(READY);
            p.backInRotation(s);
        });
    }

    /** Longer than any answer of a running instance under the run's load takes. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** The name of a service's instance in the report: {@code assignment}, or {@code assignment#2} for the second. */
    private static String label(String name, int instance) {
        return instance == 0 ? name : name + "#" + (instance + 1);
    }

    /**
     * Pool starvation: a transaction holds an exclusive lock on the assignment buckets for
     * {@code held}, so every create queues behind it and holds a pooled connection meanwhile.
     */
    static Fault bucketsLocked(Duration held) {
        return new Fault("assignment pool starved (LOCK TABLE pool_bucket " + held.toSeconds() + " s)", p -> {
            try (Connection c = p.db("assignment");
                    Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("LOCK TABLE pool_bucket IN ACCESS EXCLUSIVE MODE");
                sleep(held);
                c.rollback();
            }
        });
    }

    /** One service's database refuses connections for {@code down} (as during its failover); the others go on. */
    static Fault databaseRefusing(String name, Duration down) {
        return new Fault(name + " database refuses connections " + down.toSeconds() + " s", p -> {
            try (Connection c = p.admin();
                    Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                try {
                    sleep(down);
                } finally {
                    st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
                }
            }
        });
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

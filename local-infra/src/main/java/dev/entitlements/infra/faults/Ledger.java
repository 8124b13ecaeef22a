package dev.entitlements.infra.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the load sent and what it was told: every HTTP answer (for the per-fault histograms) and
 * every write's final outcome (for lost / doubled / refused-but-present). A write is identified by
 * its token's subject ({@code created_by} of the row it makes), so even an answer that never came
 * can be matched with the row afterwards.
 */
final class Ledger {

    /** One HTTP exchange through the gateway. status 0: no answer within the client's timeout (hung) or no connection. */
    record Answer(
            String phase,
            String op,
            int status,
            long millis,
            boolean hung,
            boolean jsonBody,
            boolean retryAfter,
            String error) {}

    enum Kind {
        CREATE,
        UPDATE,
        REVOKE
    }

    /** How a write ended for the client: a definitive answer, or none (every retry failed until the load stopped). */
    enum Outcome {
        ACKED,
        REFUSED,
        UNKNOWN
    }

    /** One write intent and its final outcome. {@code subject} is unique per intent; retries reuse it (and the Idempotency-Key). */
    static final class Write {
        final Kind kind;
        final String subject;
        final String tenant;
        final String phase;
        /** The assignment revoked (REVOKE) or replaced (UPDATE). */
        final long target;

        volatile Outcome outcome = Outcome.UNKNOWN;
        volatile int finalStatus;
        /** The assignment created (CREATE, UPDATE). */
        volatile long assignmentId;

        volatile int attempts;
        /** Whether an attempt before the definitive one got no definitive answer (the write's outcome was in doubt for a while). */
        volatile boolean retried;

        Write(Kind kind, String subject, String tenant, String phase, long target) {
            this.kind = kind;
            this.subject = subject;
            this.tenant = tenant;
            this.phase = phase;
            this.target = target;
        }
    }

    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    final Map<String, Write> writes = new ConcurrentHashMap<>();
    /** Events the load published on topics with the broker's acknowledgement: kind → count. */
    final Map<String, java.util.concurrent.atomic.AtomicInteger> published = new ConcurrentHashMap<>();

    final ConcurrentLinkedQueue<String> purchaseLines = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<java.time.LocalDate> usageDays = new ConcurrentLinkedQueue<>();

    void answer(Answer a) {
        answers.add(a);
    }

    Write write(Kind kind, String subject, String tenant, String phase, long target) {
        Write w = new Write(kind, subject, tenant, phase, target);
        writes.put(subject, w);
        return w;
    }

    List<Write> writes(Kind kind) {
        List<Write> out = new ArrayList<>();
        writes.values().stream().filter(w -> w.kind == kind).forEach(out::add);
        return out;
    }
}

package dev.entitlements.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.security.TraceReceiver.Received;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One assignment create is one trace across the processes (ADR 0016): the gateway's server span,
 * assignment-service's REST and database spans, the outbox relay's PRODUCER span (a child of the
 * context stored with the outbox row, though published later and from another thread), and the
 * CONSUMER spans of entitlement- and reporting-service, children of that publish. The spans come from
 * the stack's separate processes through OTLP/HTTP to the test's own receiver ({@link TraceReceiver}),
 * and the record on {@code assignment.events} carries the publish's context in {@code traceparent} and
 * {@code ce_traceparent}.
 */
class TracingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PlatformStack stack;
    private static TraceReceiver traces;
    private static Family family;

    @BeforeAll
    static void platform() {
        stack = PlatformStack.shared();
        traces = PlatformStack.traces();
        family = new Family(stack.issuer(), new Api(stack.gatewayUrl())).create();
    }

    @Test
    void oneAssignmentCreateIsOneTraceThroughTheOutboxAndKafka() {
        String path = "/tenants/" + family.customer + "/entitlements/assignments";
        long before = TimeUnit.MILLISECONDS.toNanos(Instant.now().toEpochMilli());
        family.assign(path);

        // the gateway's server span of this request: the trace's root
        AtomicReference<Received> root = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Received> found = traces.spans(s -> s.service().equals("gateway")
                    && s.kind() == SpanKind.SPAN_KIND_SERVER
                    && s.startNanos() >= before
                    && s.attributes().containsValue(path));
            if (found.size() == 1) {
                root.set(found.get(0));
            }
            return root.get() != null;
        });
        String trace = root.get().traceId();
        assertEquals(null, root.get().parentSpanId(), "the gateway starts the trace: " + root.get());

        // the relay's publish, and a consumer span in each of entitlement- and reporting-service under it
        AtomicReference<List<Received>> spans = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            spans.set(traces.spans(s -> s.traceId().equals(trace)));
            Received publish = publish(spans.get()).orElse(null);
            assertNotNull(publish, "no publish span on assignment.events in " + describe(spans.get()));
            for (String consumer : List.of("entitlement-service", "reporting-service")) {
                assertTrue(
                        spans.get().stream()
                                .anyMatch(s -> s.service().equals(consumer)
                                        && s.kind() == SpanKind.SPAN_KIND_CONSUMER
                                        && publish.spanId().equals(s.parentSpanId())),
                        "no consumer span of " + consumer + " under the publish in " + describe(spans.get()));
            }
        });
        List<Received> all = spans.get();
        Received publish = publish(all).orElseThrow();
        // the trace in the test's output, for whoever reads a failure further down
        System.out.println("trace " + trace + ":" + describe(all));

        // the chain: gateway → assignment-service's REST span → its database calls; the publish hangs off it
        Received client = only(
                all,
                s -> s.service().equals("gateway")
                        && s.kind() == SpanKind.SPAN_KIND_CLIENT
                        && root.get().spanId().equals(s.parentSpanId()));
        Received rest = only(
                all,
                s -> s.service().equals("assignment-service")
                        && s.kind() == SpanKind.SPAN_KIND_SERVER
                        && client.spanId().equals(s.parentSpanId()));
        assertTrue(
                all.stream()
                        .anyMatch(s -> s.service().equals("assignment-service")
                                && s.kind() == SpanKind.SPAN_KIND_CLIENT
                                && (s.attributes().containsKey("db.system.name")
                                        || s.attributes().containsKey("db.system"))),
                "no database span of assignment-service in " + describe(all));
        assertTrue(
                ancestors(all, publish).contains(rest.spanId()),
                "the publish does not descend from the REST span through the outbox row: " + describe(all));
        assertEquals("assignment-service", publish.service());

        // the record itself carries the publish's context, W3C and CloudEvents extension alike
        ConsumerRecord<String, String> record = TestKafka.await(
                Topics.ASSIGNMENT_EVENTS,
                r -> TestKafka.header(r, "traceparent") != null
                        && TestKafka.header(r, "traceparent").contains(trace),
                WAIT);
        String expected = "00-" + trace + "-" + publish.spanId() + "-01";
        assertEquals(expected, TestKafka.header(record, "traceparent"));
        assertEquals(expected, TestKafka.header(record, "ce_traceparent"));
    }

    /**
     * The licensing system cuts a pool below what was assigned from it: one trace from its push through
     * the gateway, sync-service's outbox, assignment-service's pool consumer, which raises the
     * compliance gap in its own outbox within the consumer's span, to entitlement-service's consumer of
     * the attention note.
     */
    @Test
    void aPoolCutBelowItsAssignmentsIsOneTraceToTheAttentionNote() {
        Family cut = new Family(stack.issuer(), new Api(stack.gatewayUrl())).create();
        PurchaseRecord pool = cut.purchase(
                "line-" + cut.marker + "-pool", "APSW-MSP100-001", 100_000, (Family.TODAY.getYear() + 3) + "-12-31");
        PurchaseRecord cancelled = new PurchaseRecord(
                pool.tenantId(),
                pool.entitlementId(),
                pool.externalId(),
                pool.sku(),
                pool.quantity(),
                pool.effectiveDate(),
                pool.expirationDate(),
                pool.skuTier(),
                pool.alm(),
                pool.almActivationId(),
                pool.almSoEntQuantity(),
                pool.courtesy(),
                true);
        long before = TimeUnit.MILLISECONDS.toNanos(Instant.now().toEpochMilli());
        Api.Answer pushed = new Api(stack.gatewayUrl())
                .call(
                        "POST",
                        "/licensing/purchases",
                        cut.token(Roles.LICENSING_SERVICE),
                        "[" + EventJson.write(cancelled) + "]");
        assertEquals(200, pushed.status(), pushed.toString());

        AtomicReference<Received> root = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Received> found = traces.spans(s -> s.service().equals("gateway")
                    && s.kind() == SpanKind.SPAN_KIND_SERVER
                    && s.startNanos() >= before
                    && s.attributes().containsValue("/licensing/purchases"));
            found.stream().findFirst().ifPresent(root::set);
            return root.get() != null;
        });
        String trace = root.get().traceId();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Received> spans = traces.spans(s -> s.traceId().equals(trace));
            Received raised = only(
                    spans,
                    s -> s.service().equals("assignment-service")
                            && s.kind() == SpanKind.SPAN_KIND_PRODUCER
                            && Topics.ATTENTION_EVENTS.equals(s.attributes().get("messaging.destination.name")));
            Received poolConsumer = only(
                    spans,
                    s -> s.service().equals("assignment-service")
                            && s.kind() == SpanKind.SPAN_KIND_CONSUMER
                            && Topics.ENTITLEMENT_EVENTS.equals(s.attributes().get("messaging.destination.name")));
            assertTrue(
                    ancestors(spans, raised).contains(poolConsumer.spanId()),
                    "the note's publish does not descend from the pool consumer: " + describe(spans));
            assertTrue(
                    spans.stream()
                            .anyMatch(s -> s.service().equals("entitlement-service")
                                    && s.kind() == SpanKind.SPAN_KIND_CONSUMER
                                    && raised.spanId().equals(s.parentSpanId())),
                    "no consumer of the attention note in entitlement-service under its publish: " + describe(spans));
        });
    }

    private static Optional<Received> publish(List<Received> spans) {
        return spans.stream()
                .filter(s -> s.kind() == SpanKind.SPAN_KIND_PRODUCER
                        && Topics.ASSIGNMENT_EVENTS.equals(s.attributes().get("messaging.destination.name")))
                .findFirst();
    }

    private static Received only(List<Received> spans, java.util.function.Predicate<Received> match) {
        List<Received> found = spans.stream().filter(match).toList();
        assertFalse(found.isEmpty(), "no such span in " + describe(spans));
        return found.get(0);
    }

    /** The span ids above a span, up to the root. */
    private static List<String> ancestors(List<Received> spans, Received span) {
        java.util.Map<String, Received> byId =
                spans.stream().collect(Collectors.toMap(Received::spanId, s -> s, (a, b) -> a));
        java.util.List<String> up = new java.util.ArrayList<>();
        Received at = span;
        while (at != null && at.parentSpanId() != null) {
            up.add(at.parentSpanId());
            at = byId.get(at.parentSpanId());
        }
        return up;
    }

    private static String describe(List<Received> spans) {
        return spans.stream().map(Received::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}

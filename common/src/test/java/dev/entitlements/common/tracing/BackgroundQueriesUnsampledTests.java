package dev.entitlements.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackgroundQueriesUnsampledTests {

    private static final IdGenerator IDS = IdGenerator.random();

    @Test
    void aDatabaseCallOfNoRequestIsDroppedAndARequestKept() {
        BackgroundQueriesUnsampled all = new BackgroundQueriesUnsampled(1.0);
        assertEquals(SamplingDecision.DROP, decide(all, Context.root(), SpanKind.CLIENT));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(all, Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(all, Context.root(), SpanKind.CONSUMER));
    }

    @Test
    void aSpanFollowsItsParentsDecisionWhateverTheRatio() {
        BackgroundQueriesUnsampled none = new BackgroundQueriesUnsampled(0.0);
        // a request's database call: kept with its sampled request, though it is a client span
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(none, parent(true), SpanKind.CLIENT));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(none, parent(true), SpanKind.SERVER));
        BackgroundQueriesUnsampled all = new BackgroundQueriesUnsampled(1.0);
        assertEquals(SamplingDecision.DROP, decide(all, parent(false), SpanKind.SERVER));
    }

    @Test
    void theRatioDecidesWhereATraceStarts() {
        BackgroundQueriesUnsampled none = new BackgroundQueriesUnsampled(0.0);
        BackgroundQueriesUnsampled tenth = new BackgroundQueriesUnsampled(0.1);
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            assertEquals(SamplingDecision.DROP, decide(none, Context.root(), SpanKind.SERVER));
            kept += decide(tenth, Context.root(), SpanKind.SERVER) == SamplingDecision.RECORD_AND_SAMPLE ? 1 : 0;
        }
        // random trace ids: about 1 000 of 10 000, far from all and from none
        assertEquals(1_000, kept, 200, "kept " + kept);
    }

    private static SamplingDecision decide(BackgroundQueriesUnsampled sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, IDS.generateTraceId(), "span", kind, Attributes.empty(), List.of())
                .getDecision();
    }

    private static Context parent(boolean sampled) {
        SpanContext span = SpanContext.createFromRemoteParent(
                IDS.generateTraceId(),
                IDS.generateSpanId(),
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
        return Context.root().with(Span.wrap(span));
    }
}

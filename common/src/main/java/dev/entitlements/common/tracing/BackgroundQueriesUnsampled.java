package dev.entitlements.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The services' sampler (Quarkus uses a {@link Sampler} bean in place of the configured one): every
 * trace that starts at a request or a consumed record is kept whole, and a database call that starts
 * a trace of its own is dropped. Such a call belongs to no request: the outbox relay's polls and
 * statistics, the scheduled purges; kept, they would be a new trace every second per service and bury
 * the traces an operator looks for. Quarkus' own rule (no spans for {@code /q/*}) still wraps this one.
 */
@Singleton
public class BackgroundQueriesUnsampled implements Sampler {

    private static final Sampler ROOT = new Sampler() {
        @Override
        public SamplingResult shouldSample(
                Context parent,
                String traceId,
                String name,
                SpanKind kind,
                Attributes attributes,
                List<LinkData> links) {
            return kind == SpanKind.CLIENT ? SamplingResult.drop() : SamplingResult.recordAndSample();
        }

        @Override
        public String getDescription() {
            return "RootClientSpansDropped";
        }
    };

    private static final Sampler SAMPLER = Sampler.parentBased(ROOT);

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        return SAMPLER.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return SAMPLER.getDescription();
    }
}

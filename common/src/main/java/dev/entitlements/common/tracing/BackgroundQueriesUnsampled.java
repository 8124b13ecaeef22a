package dev.entitlements.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services' sampler (Quarkus uses a {@link Sampler} bean in place of the configured one): every
 * trace that starts at a request or a consumed record is kept whole, and a database call that starts
 * a trace of its own is dropped. Such a call belongs to no request: the outbox relay's polls and
 * statistics, the scheduled purges; kept, they would be a new trace every second per service and bury
 * the traces an operator looks for. Of the traces that start at a request or a record, the configured
 * ratio is kept. Quarkus' own rule (no spans for {@code /q/*}) still wraps this one.
 */
@Singleton
public class BackgroundQueriesUnsampled implements Sampler {

    private final Sampler sampler;

    /**
     * @param ratio the share of traces kept, from 0 to 1 (OpenTelemetry's {@code traceidratio}
     *     argument, env {@code QUARKUS_OTEL_TRACES_SAMPLER_ARG}): decided once where a trace starts,
     *     by its trace id, and followed by every later span of it, in this process and downstream
     */
    public BackgroundQueriesUnsampled(
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        Sampler requests = Sampler.traceIdRatioBased(ratio);
        Sampler root = new Sampler() {
            @Override
            public SamplingResult shouldSample(
                    Context parent,
                    String traceId,
                    String name,
                    SpanKind kind,
                    Attributes attributes,
                    List<LinkData> links) {
                return kind == SpanKind.CLIENT
                        ? SamplingResult.drop()
                        : requests.shouldSample(parent, traceId, name, kind, attributes, links);
            }

            @Override
            public String getDescription() {
                return "RootClientSpansDropped{" + requests.getDescription() + "}";
            }
        };
        this.sampler = Sampler.parentBased(root);
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return sampler.getDescription();
    }
}

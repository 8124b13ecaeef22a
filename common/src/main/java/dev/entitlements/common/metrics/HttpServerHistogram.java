package dev.entitlements.common.metrics;

import dev.entitlements.contract.LatencyBuckets;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * Latency buckets for Quarkus' own per-endpoint timer, {@code http_server_requests_seconds{method, uri,
 * status, outcome}} ({@code uri} is the JAX-RS path template): with them a dashboard or an alert takes
 * a service's p99 ({@code histogram_quantile}), which count, sum and max alone cannot give. The same
 * buckets as the gateway's {@code gateway_requests_seconds}: a request is answered in milliseconds, and
 * within 8 s whatever happens (RequestDeadline).
 */
@Singleton
public class HttpServerHistogram {

    /** Quarkus' HTTP server timer. */
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    static final double[] BUCKETS_NANOS = Arrays.stream(LatencyBuckets.request())
            .mapToDouble(Duration::toNanos)
            .toArray();

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(BUCKETS_NANOS)
                        .build()
                        .merge(config);
            }
        };
    }
}

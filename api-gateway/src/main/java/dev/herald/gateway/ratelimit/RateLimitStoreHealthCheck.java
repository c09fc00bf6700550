package dev.herald.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Where rate limits are counted ({@code store}: {@code redis}, {@code local}, {@code local-fallback}) and Redis's last
 * error. Always UP: without Redis the gateway still serves and limits, per replica.
 */
@Readiness
@ApplicationScoped
public class RateLimitStoreHealthCheck implements HealthCheck {

    static final String NAME = "rate-limit-store";

    private final RateLimiter limiter;

    public RateLimitStoreHealthCheck(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public HealthCheckResponse call() {
        RateLimiter.StoreStatus status = limiter.storeStatus();
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named(NAME).up().withData("store", status.store());
        if (status.lastError() != null) {
            response.withData("last_error", status.lastError())
                    .withData("last_error_at", status.lastErrorAt().toString());
        }
        return response.build();
    }
}

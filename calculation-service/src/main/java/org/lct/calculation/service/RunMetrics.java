package org.lct.calculation.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Calculation runs as Prometheus sees them: {@code lct_calculation_runs_total} and
 * {@code lct_calculation_run_duration_seconds} (count, sum, max and histogram buckets), both by {@code mode},
 * {@code status} and {@code no_changes}. The duration is the worker's whole run, the view refresh included, which is
 * what decides when readers see the new results.
 */
@ApplicationScoped
public class RunMetrics {

    @Inject
    MeterRegistry registry;

    void recordFinished(String mode, String status, boolean noChanges, long startedNanos) {
        String[] tags = {"mode", mode, "status", status, "no_changes", String.valueOf(noChanges)};
        registry.counter("lct.calculation.runs", tags).increment();
        Timer.builder("lct.calculation.run.duration")
                .description("Duration of calculation runs, from start of work to current results")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}

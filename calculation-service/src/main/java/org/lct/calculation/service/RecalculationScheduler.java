package org.lct.calculation.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;
import org.lct.calculation.config.CalculationConfig;
import org.lct.calculation.model.RunRequest;
import org.lct.common.problem.ProblemException;

/**
 * Background recalculation of the newest year on a cron from configuration ({@code lct.recalc.cron}, {@code off}
 * disables it), incremental by default, so a schedule that finds nothing changed costs one fingerprint pass.
 * Every replica may fire; the partial unique index on active runs and the advisory lock let one of them run.
 */
@ApplicationScoped
public class RecalculationScheduler {

    private static final Logger LOG = Logger.getLogger(RecalculationScheduler.class);

    @Inject
    RunService runs;

    @Inject
    CalculationConfig config;

    @Scheduled(identity = "lct-recalculation", cron = "{lct.recalc.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recalculate() {
        recalculateNow();
    }

    /** What the schedule fires; public so that operators' tooling and tests can fire it outside the cron. */
    public void recalculateNow() {
        try {
            var run = runs.submit(new RunRequest(config.recalc().mode(), null, null, null), List.of(), "schedule", "scheduler");
            LOG.infof("Scheduled %s recalculation queued as run %d", config.recalc().mode(), run.id());
        } catch (ProblemException e) {
            // another replica's run is active, or nothing is loaded yet: nothing to do this time
            LOG.infof("Scheduled recalculation skipped: %s", e.getMessage());
        }
    }
}

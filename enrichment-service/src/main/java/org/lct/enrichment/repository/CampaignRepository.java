package org.lct.enrichment.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.CampaignState;
import org.lct.enrichment.model.EnrichmentAttempt;
import org.lct.enrichment.model.QueueItem;

/**
 * The campaign and the work queue, computed live in SQL from the districts, the collected schedules
 * (enriched_districts) and the newest attempt per district, so they never lag behind a write.
 */
@ApplicationScoped
public class CampaignRepository implements PanacheRepository<EnrichmentAttempt> {

    /** Districts that can be collected: with students, not a shared-service agency, ranked by size per state. */
    private static final String RANKED = """
            WITH ranked AS (
                SELECT d.nces_id, d.name, d.state_code, d.enrollment, e.nces_id IS NOT NULL AS collected,
                       row_number() OVER (PARTITION BY d.state_code, e.nces_id IS NULL
                                          ORDER BY d.enrollment DESC, d.nces_id) AS rank_among_uncollected
                FROM latest_districts d
                LEFT JOIN enriched_districts e ON e.nces_id = d.nces_id
                WHERE d.enrollment > 0 AND NOT d.is_shared_service
            ), states_done AS (
                SELECT state_code, count(*) FILTER (WHERE collected) >= :target AS done
                FROM ranked GROUP BY state_code
            )
            """;

    @Inject
    EntityManager entityManager;

    /**
     * Takes the district's attempt-log lock until the transaction ends, so concurrent attempts for one district
     * are recorded one after the other, each counting the failures committed before it.
     */
    public void lockAttemptsOf(String ncesId) {
        entityManager.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('enrichment_attempts/' || :nces, 0))")
                .setParameter("nces", ncesId).getSingleResult();
    }

    public Optional<EnrichmentAttempt> latestAttempt(String ncesId) {
        return find("ncesId", Sort.descending("attemptedAt", "id"), ncesId).firstResultOptional();
    }

    @SuppressWarnings("unchecked")
    public List<CampaignState> states(int target, String stateCode) {
        List<Object[]> rows = entityManager.createNativeQuery(RANKED + """
                SELECT s.code, s.name, count(r.nces_id), count(r.nces_id) FILTER (WHERE r.collected)
                FROM states s
                LEFT JOIN ranked r ON r.state_code = s.code
                WHERE CAST(:state AS text) IS NULL OR s.code = :state
                GROUP BY s.code, s.name
                HAVING count(r.nces_id) > 0 OR CAST(:state AS text) IS NOT NULL
                ORDER BY s.code
                """).setParameter("target", target).setParameter("state", stateCode).getResultList();
        return rows.stream().map(row -> {
            long collected = ((Number) row[3]).longValue();
            return new CampaignState((String) row[0], (String) row[1], ((Number) row[2]).longValue(), collected,
                    target, collected >= target, List.of());
        }).toList();
    }

    @SuppressWarnings("unchecked")
    public List<CampaignState.Candidate> candidates(String stateCode, int candidatesPerState, int target) {
        List<Object[]> rows = entityManager.createNativeQuery(RANKED + """
                SELECT r.rank_among_uncollected, r.nces_id, r.name, r.enrollment, a.outcome, a.retry_count, a.next_retry_at
                FROM ranked r
                LEFT JOIN latest_enrichment_attempts a ON a.nces_id = r.nces_id
                WHERE r.state_code = :state AND NOT r.collected AND r.rank_among_uncollected <= :per_state
                ORDER BY r.rank_among_uncollected
                """).setParameter("target", target).setParameter("state", stateCode)
                .setParameter("per_state", candidatesPerState).getResultList();
        return rows.stream().map(row -> new CampaignState.Candidate(((Number) row[0]).intValue(), (String) row[1],
                (String) row[2], row[3] == null ? null : ((Number) row[3]).intValue(), (String) row[4],
                row[5] == null ? null : ((Number) row[5]).intValue(), SqlValues.toOffset(row[6]))).toList();
    }

    /**
     * A page of the districts due for an attempt: never tried, or failed fewer than {@code maxFailures} times and
     * past their backoff. Priority first, then the campaign candidates of unfinished states, then by size. The
     * queue is ranked whole anyway, so its length comes with the page (a window count); a page past the end
     * counts it alone.
     */
    @SuppressWarnings("unchecked")
    public PageOf<QueueItem> queue(String stateCode, Paging paging, int maxFailures, int candidatesPerState,
            int target) {
        List<Object[]> rows = entityManager.createNativeQuery(RANKED + """
                , due AS (
                    SELECT r.nces_id, r.name, r.state_code, r.enrollment, coalesce(a.priority, 0) AS priority,
                           (r.rank_among_uncollected <= :per_state AND NOT sd.done) AS campaign_candidate,
                           coalesce(a.retry_count, 0) AS retry_count, a.next_retry_at
                    FROM ranked r
                    JOIN states_done sd ON sd.state_code = r.state_code
                    LEFT JOIN latest_enrichment_attempts a ON a.nces_id = r.nces_id
                    WHERE NOT r.collected
                      AND (CAST(:state AS text) IS NULL OR r.state_code = :state)
                      AND (a.nces_id IS NULL OR a.outcome = 'success'
                           OR (a.retry_count < :max_failures AND a.next_retry_at <= now()))
                )
                SELECT page.*, (SELECT count(*) FROM due) AS total
                FROM (SELECT * FROM due
                      ORDER BY priority DESC, campaign_candidate DESC, enrollment DESC, nces_id
                      LIMIT :limit OFFSET :offset) AS page
                RIGHT JOIN (SELECT 1) AS always ON true
                ORDER BY priority DESC, campaign_candidate DESC, enrollment DESC, nces_id
                """).setParameter("target", target).setParameter("state", stateCode)
                .setParameter("per_state", candidatesPerState).setParameter("max_failures", maxFailures)
                .setParameter("limit", paging.size()).setParameter("offset", paging.offset()).getResultList();
        long total = ((Number) rows.getFirst()[8]).longValue();
        int[] position = {(int) paging.offset()};
        List<QueueItem> items = rows.stream().filter(row -> row[0] != null)
                .map(row -> new QueueItem(++position[0], (String) row[0], (String) row[1], (String) row[2],
                        row[3] == null ? null : ((Number) row[3]).intValue(), ((Number) row[4]).intValue(),
                        (Boolean) row[5], ((Number) row[6]).intValue(), SqlValues.toOffset(row[7])))
                .toList();
        return PageOf.of(paging, total, items);
    }

    /** Districts that left the queue: their newest attempt is a failure at or above the limit. */
    public List<EnrichmentAttempt> excluded(int maxFailures) {
        return getEntityManager().createNativeQuery("""
                SELECT a.* FROM enrichment_attempts a
                JOIN latest_enrichment_attempts l ON l.attempt_id = a.id
                WHERE l.outcome <> 'success' AND l.retry_count >= :max_failures
                  AND NOT EXISTS (SELECT 1 FROM enriched_districts e WHERE e.nces_id = a.nces_id)
                ORDER BY a.attempted_at DESC, a.id DESC
                """, EnrichmentAttempt.class).setParameter("max_failures", maxFailures).getResultList();
    }
}

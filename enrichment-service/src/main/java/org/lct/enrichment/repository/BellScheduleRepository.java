package org.lct.enrichment.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.BellScheduleEntity;

@ApplicationScoped
public class BellScheduleRepository implements PanacheRepository<BellScheduleEntity> {

    public Optional<BellScheduleEntity> findByLevel(String ncesId, String schoolYear, String gradeLevel) {
        return find("ncesId = ?1 and schoolYear = ?2 and gradeLevel = ?3", ncesId, schoolYear, gradeLevel)
                .firstResultOptional();
    }

    public List<BellScheduleEntity> listByDistrict(String ncesId) {
        return list("ncesId", Sort.by("schoolYear", Sort.Direction.Descending).and("gradeLevel"), ncesId);
    }

    /** Low-confidence schedules nobody has reviewed yet, oldest change first. */
    public List<BellScheduleEntity> listAwaitingReview(Paging paging) {
        return find("confidence = 'low' and reviewStatus = 'unreviewed'", Sort.by("updatedAt").and("id"))
                .page(paging.page() - 1, paging.size()).list();
    }

    public long countAwaitingReview() {
        return count("confidence = 'low' and reviewStatus = 'unreviewed'");
    }
}

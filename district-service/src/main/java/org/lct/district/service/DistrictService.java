package org.lct.district.service;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.common.problem.ProblemException;
import org.lct.district.model.BellSchedule;
import org.lct.district.model.DistrictDetail;
import org.lct.district.model.DistrictFilter;
import org.lct.district.model.DistrictSummary;
import org.lct.district.model.LctResult;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.model.RenderedJson;
import org.lct.district.model.SortField;
import org.lct.district.repository.DistrictRepository;

/** Districts with their requirements, schedules and LCT. Read-only: no transactions of its own. */
@ApplicationScoped
public class DistrictService {

    private final DistrictRepository districts;

    public DistrictService(DistrictRepository districts) {
        this.districts = districts;
    }

    public Page<DistrictSummary> listDistricts(DistrictFilter filter, PageRequest page, Map<String, Object> echo) {
        return districts.page(filter, page, echo);
    }

    public void exportDistricts(DistrictFilter filter, List<SortField> sort, OutputStream out) {
        districts.csv(filter, sort, out);
    }

    /**
     * The district in {@code year} (its newest year when null) with the requirements in effect for that year,
     * its bell schedules and the current LCT of that year, as PostgreSQL rendered it.
     */
    public Optional<RenderedJson<DistrictDetail>> findDistrictById(String ncesId, String year) {
        return districts.findDocument(ncesId, year);
    }

    public List<BellSchedule> findBellSchedules(String ncesId, String year) {
        requireDistrict(ncesId);
        return districts.bellSchedules(ncesId, year);
    }

    public void exportBellSchedules(String ncesId, String year, OutputStream out) {
        districts.bellSchedulesCsv(ncesId, year, out);
    }

    /** The district's LCT from every successful run, as PostgreSQL rendered it; 404 for an unknown district. */
    public List<RenderedJson<LctResult>> findLctHistory(String ncesId, List<String> scopes) {
        return districts.lctHistoryDocuments(ncesId, scopes)
                .orElseThrow(() -> ProblemException.notFound("No district with NCES id " + ncesId));
    }

    public void exportLctHistory(String ncesId, List<String> scopes, OutputStream out) {
        districts.lctHistoryCsv(ncesId, scopes, out);
    }

    /** 404 before a CSV export starts streaming, when the status can still change. */
    public void requireDistrict(String ncesId) {
        if (!districts.exists(ncesId)) {
            throw ProblemException.notFound("No district with NCES id " + ncesId);
        }
    }
}

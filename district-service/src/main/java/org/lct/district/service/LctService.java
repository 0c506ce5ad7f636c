package org.lct.district.service;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.district.model.LctFilter;
import org.lct.district.model.LctRow;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.model.RankedLct;
import org.lct.district.model.RankingRequest;
import org.lct.district.model.SortField;
import org.lct.district.model.Summary;
import org.lct.district.repository.LctRepository;

/** Current LCT values, rankings and summary statistics, as the runs keep them. */
@ApplicationScoped
public class LctService {

    public static final String NATION = "US";

    private final LctRepository lct;

    public LctService(LctRepository lct) {
        this.lct = lct;
    }

    public Page<LctRow> listCurrentLct(LctFilter filter, PageRequest page, Map<String, Object> echo) {
        return lct.page(filter, page, echo);
    }

    public void exportCurrentLct(LctFilter filter, List<SortField> sort, OutputStream out) {
        lct.csv(filter, sort, out);
    }

    public List<RankedLct> rank(RankingRequest ranking) {
        return lct.rankings(ranking);
    }

    /** How many values of the ranked scope, year and states the ranking left out as invalid (0 with validity=all). */
    public long invalidLeftOut(RankingRequest ranking) {
        return ranking.includeInvalid() ? 0 : lct.invalidValues(ranking);
    }

    public void exportRanking(RankingRequest ranking, OutputStream out) {
        lct.rankingsCsv(ranking, out);
    }

    /** Statistics of the nation ({@link #NATION}) or a state, per scope. */
    public Summary summarize(String geography, String year, List<String> scopes) {
        return lct.summary(year, geography, scopes);
    }
}

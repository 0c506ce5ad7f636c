package org.lct.enrichment.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.ImportRun;

@ApplicationScoped
public class ImportRunRepository implements PanacheRepository<ImportRun> {

    public List<ImportRun> listNewestFirst(String kind, Paging paging) {
        var query = kind == null
                ? findAll(Sort.descending("id"))
                : find("kind", Sort.descending("id"), kind);
        return query.page(Page.of(paging.page() - 1, paging.size())).list();
    }

    public long countOf(String kind) {
        return kind == null ? count() : count("kind", kind);
    }
}

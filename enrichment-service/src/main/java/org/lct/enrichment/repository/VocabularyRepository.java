package org.lct.enrichment.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The schema's lookup tables, so the API accepts exactly what the database does. The catalogues change only with
 * a migration, that is with a new release of the services, so they are read once.
 */
@ApplicationScoped
public class VocabularyRepository {

    @Inject
    EntityManager entityManager;

    private volatile List<String> collectionMethods;
    private volatile List<String> gradeLevels;
    private volatile List<String> confidenceLevels;

    public boolean districtExists(String ncesId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM leas WHERE nces_id = :id")
                .setParameter("id", ncesId).getResultList().isEmpty();
    }

    public boolean stateExists(String code) {
        return !entityManager.createNativeQuery("SELECT 1 FROM states WHERE code = :code")
                .setParameter("code", code).getResultList().isEmpty();
    }

    public List<String> collectionMethods() {
        if (collectionMethods == null) {
            collectionMethods = codes("SELECT code FROM collection_methods ORDER BY code");
        }
        return collectionMethods;
    }

    public List<String> gradeLevels() {
        if (gradeLevels == null) {
            gradeLevels = codes("SELECT code FROM school_levels ORDER BY code");
        }
        return gradeLevels;
    }

    public List<String> confidenceLevels() {
        if (confidenceLevels == null) {
            confidenceLevels = codes("SELECT code FROM confidence_levels ORDER BY rank DESC");
        }
        return confidenceLevels;
    }

    @SuppressWarnings("unchecked")
    private List<String> codes(String sql) {
        return List.copyOf(entityManager.createNativeQuery(sql).getResultList());
    }
}

package org.lct.enrichment.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The schema's lookup tables, so the API accepts exactly what the database does. */
@ApplicationScoped
public class VocabularyRepository {

    @Inject
    EntityManager entityManager;

    public boolean districtExists(String ncesId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM leas WHERE nces_id = :id")
                .setParameter("id", ncesId).getResultList().isEmpty();
    }

    @SuppressWarnings("unchecked")
    public List<String> collectionMethods() {
        return entityManager.createNativeQuery("SELECT code FROM collection_methods ORDER BY code").getResultList();
    }

    @SuppressWarnings("unchecked")
    public List<String> gradeLevels() {
        return entityManager.createNativeQuery("SELECT code FROM school_levels ORDER BY code").getResultList();
    }

    @SuppressWarnings("unchecked")
    public List<String> confidenceLevels() {
        return entityManager.createNativeQuery("SELECT code FROM confidence_levels ORDER BY rank DESC").getResultList();
    }
}

package org.lct.enrichment.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Describes the current transaction's changes for the lineage triggers (set_change_context in V4): who, why,
 * from where, and the request id. Must run inside the writing transaction; the settings end with it.
 */
@ApplicationScoped
public class ChangeContext {

    @Inject
    EntityManager entityManager;

    public void describe(String actor, String reason, String source, String correlationId) {
        entityManager.createNativeQuery("SELECT set_change_context(:actor, :reason, :source, :correlation)")
                .setParameter("actor", actor)
                .setParameter("reason", reason)
                .setParameter("source", source)
                .setParameter("correlation", correlationId)
                .getSingleResult();
    }
}

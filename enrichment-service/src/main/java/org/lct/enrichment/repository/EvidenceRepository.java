package org.lct.enrichment.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.lct.enrichment.model.EvidenceView;

/** Evidence documents, stored once per content hash (evidence_documents) and linked to schedules. */
@ApplicationScoped
public class EvidenceRepository {

    public record Document(String contentType, byte[] content) {
    }

    @Inject
    EntityManager entityManager;

    /** Stores the content unless a document with its hash exists; answers whether it was new. */
    public boolean storeDocument(String sha256, String contentType, byte[] content) {
        return entityManager.createNativeQuery("""
                INSERT INTO evidence_documents (sha256, content_type, size_bytes, content)
                VALUES (:sha, :type, :size, :content) ON CONFLICT (sha256) DO NOTHING
                """).setParameter("sha", sha256).setParameter("type", contentType)
                .setParameter("size", content.length).setParameter("content", content).executeUpdate() == 1;
    }

    /** Links the document to the schedule unless it is linked already; answers whether the link was new. */
    public boolean attach(long scheduleId, String sha256, String fileName, String attachedBy) {
        return entityManager.createNativeQuery("""
                INSERT INTO bell_schedule_evidence (bell_schedule_id, sha256, file_name, attached_by)
                VALUES (:schedule, :sha, :name, :by) ON CONFLICT DO NOTHING
                """).setParameter("schedule", scheduleId).setParameter("sha", sha256)
                .setParameter("name", fileName).setParameter("by", attachedBy).executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    public List<EvidenceView> listForSchedule(long scheduleId) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT d.sha256, d.content_type, d.size_bytes, e.file_name, e.attached_by, e.attached_at
                FROM bell_schedule_evidence e JOIN evidence_documents d ON d.sha256 = e.sha256
                WHERE e.bell_schedule_id = :schedule ORDER BY e.attached_at, d.sha256
                """).setParameter("schedule", scheduleId).getResultList();
        return rows.stream().map(row -> new EvidenceView((String) row[0], (String) row[1],
                ((Number) row[2]).longValue(), (String) row[3], (String) row[4], SqlValues.toOffset(row[5]),
                "/api/v1/bell-schedules/" + scheduleId + "/evidence/" + row[0])).toList();
    }

    @SuppressWarnings("unchecked")
    public Optional<Document> findForSchedule(long scheduleId, String sha256) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT d.content_type, d.content
                FROM bell_schedule_evidence e JOIN evidence_documents d ON d.sha256 = e.sha256
                WHERE e.bell_schedule_id = :schedule AND e.sha256 = :sha
                """).setParameter("schedule", scheduleId).setParameter("sha", sha256).getResultList();
        return rows.stream().findFirst().map(row -> new Document((String) row[0], (byte[]) row[1]));
    }
}

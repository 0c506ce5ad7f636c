package org.lct.enrichment.service;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.ProblemTypes;
import org.lct.enrichment.config.EnrichmentConfig;
import org.lct.enrichment.model.EvidenceView;
import org.lct.enrichment.repository.BellScheduleRepository;
import org.lct.enrichment.repository.ChangeContext;
import org.lct.enrichment.repository.EvidenceRepository;

/** Source documents behind bell schedules: checked, hashed, stored once, linked with lineage. */
@ApplicationScoped
@Transactional
public class EvidenceService {

    /** What collectors save: web pages, PDFs and screenshots. The schema's CHECK holds the same list. */
    public static final Set<String> CONTENT_TYPES = Set.of("text/html", "text/plain", "application/pdf",
            "image/png", "image/jpeg", "image/gif", "image/webp");

    public record Attached(EvidenceView evidence, boolean newDocument, boolean newLink) {
    }

    @Inject
    EvidenceRepository evidence;

    @Inject
    BellScheduleRepository schedules;

    @Inject
    ChangeContext changeContext;

    @Inject
    EnrichmentConfig config;

    public Attached attachEvidence(long scheduleId, String fileName, String contentType, byte[] content,
            BellScheduleService.Change change) {
        requireSchedule(scheduleId);
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (content.length == 0) {
            throw ProblemException.invalid("file", FieldError.FILE, "not_empty", "the document is empty");
        }
        if (content.length > config.evidenceMaxBytes()) {
            throw new ProblemException(413, ProblemTypes.PAYLOAD_TOO_LARGE, "Document too large",
                    "The document has " + content.length + " bytes; the limit is " + config.evidenceMaxBytes() + ".",
                    List.of(new FieldError("file", FieldError.FILE, "max_size",
                            "must be at most " + config.evidenceMaxBytes() + " bytes")));
        }
        if (!CONTENT_TYPES.contains(type)) {
            throw ProblemException.invalid("file", FieldError.FILE, "content_type",
                    "must be one of " + String.join(", ", CONTENT_TYPES.stream().sorted().toList())
                            + ", got '" + type + "'");
        }
        String sha256 = ImportService.sha256(content);
        changeContext.describe(change.actor(), change.reason(), change.source(), change.correlationId());
        boolean newDocument = evidence.storeDocument(sha256, type, content);
        boolean newLink = evidence.attach(scheduleId, sha256, fileName, change.actor());
        EvidenceView view = evidence.listForSchedule(scheduleId).stream()
                .filter(e -> e.sha256().equals(sha256)).findFirst().orElseThrow();
        return new Attached(view, newDocument, newLink);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EvidenceView> listEvidence(long scheduleId) {
        requireSchedule(scheduleId);
        return evidence.listForSchedule(scheduleId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<EvidenceRepository.Document> findEvidence(long scheduleId, String sha256) {
        return evidence.findForSchedule(scheduleId, sha256);
    }

    private void requireSchedule(long scheduleId) {
        if (schedules.findByIdOptional(scheduleId).isEmpty()) {
            throw ProblemException.notFound("No bell schedule with id " + scheduleId);
        }
    }
}

package org.lct.enrichment.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hibernate.StaleStateException;
import org.lct.common.problem.BodyValidation;
import org.lct.common.web.BodyProblems;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.JsonProblems;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.ProblemTypes;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.BellScheduleEntity;
import org.lct.enrichment.model.BellScheduleRequest;
import org.lct.enrichment.model.BellScheduleView;
import org.lct.enrichment.repository.BellScheduleRepository;
import org.lct.enrichment.repository.ChangeContext;
import org.lct.enrichment.repository.VocabularyRepository;
import org.lct.importer.BellSchedule;
import org.lct.importer.BellScheduleRules;

/**
 * Writes of bell schedules. Each write validates the whole schedule (field rules, vocabulary, the cross-field
 * rules the importers apply too), checks the caller's version, describes itself for the lineage trail, and
 * changes the row, all in one transaction.
 */
@ApplicationScoped
@Transactional
public class BellScheduleService {

    /** Who is writing and why; {@code source} names the API call. */
    public record Change(String actor, String reason, String source, String correlationId) {
    }

    @Inject
    BellScheduleRepository schedules;

    @Inject
    VocabularyRepository vocabulary;

    @Inject
    ChangeContext changeContext;

    @Inject
    BodyValidation bodyValidation;

    @Inject
    BodyProblems bodyProblems;

    @Inject
    ObjectMapper objectMapper;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BellScheduleView> findBellSchedule(long id) {
        return schedules.findByIdOptional(id).map(BellScheduleView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<BellScheduleView> listBellSchedules(String ncesId) {
        requireDistrict(ncesId);
        return schedules.listByDistrict(ncesId).stream().map(BellScheduleView::of).toList();
    }

    public BellScheduleView createBellSchedule(String ncesId, BellScheduleRequest request, Change change) {
        requireDistrict(ncesId);
        validate(ncesId, request);
        schedules.findByLevel(ncesId, request.schoolYear(), request.gradeLevel()).ifPresent(existing -> {
            throw ProblemException.conflict("District " + ncesId + " already has a " + existing.gradeLevel
                    + " schedule for " + existing.schoolYear + ": /api/v1/bell-schedules/" + existing.id
                    + "; replace it with PUT (If-Match: \"" + existing.version + "\").");
        });
        changeContext.describe(change.actor(), change.reason(), change.source(), change.correlationId());
        BellScheduleEntity entity = new BellScheduleEntity();
        entity.ncesId = ncesId;
        apply(request, entity);
        schedules.persist(entity);
        schedules.flush();
        return BellScheduleView.of(entity);
    }

    public BellScheduleView replaceBellSchedule(long id, IfMatch ifMatch, BellScheduleRequest request, Change change) {
        BellScheduleEntity entity = lockedForWrite(id, ifMatch);
        validate(entity.ncesId, request);
        requireReasonToOverwrite(entity, change);
        if (!entity.schoolYear.equals(request.schoolYear()) || !entity.gradeLevel.equals(request.gradeLevel())) {
            schedules.findByLevel(entity.ncesId, request.schoolYear(), request.gradeLevel()).ifPresent(other -> {
                throw ProblemException.conflict("District " + entity.ncesId + " already has a " + other.gradeLevel
                        + " schedule for " + other.schoolYear + ": /api/v1/bell-schedules/" + other.id);
            });
        }
        changeContext.describe(change.actor(), change.reason(), change.source(), change.correlationId());
        apply(request, entity);
        return save(entity);
    }

    /** JSON Merge Patch (RFC 7396): fields given replace the stored ones, null clears an optional field. */
    public BellScheduleView patchBellSchedule(long id, IfMatch ifMatch, JsonNode patch, Change change) {
        BellScheduleEntity entity = lockedForWrite(id, ifMatch);
        return replaceBellSchedule(id, ifMatch, merged(entity, patch), change);
    }

    public void deleteBellSchedule(long id, IfMatch ifMatch, Change change) {
        BellScheduleEntity entity = lockedForWrite(id, ifMatch);
        if (change.reason() == null || change.reason().isBlank()) {
            throw ProblemException.invalid("reason", FieldError.QUERY, "reason_required",
                    "say why the schedule is deleted; the reason is kept in the lineage trail");
        }
        changeContext.describe(change.actor(), change.reason(), change.source(), change.correlationId());
        schedules.delete(entity);
        flushOrPreconditionFailed(entity);
    }

    /** A reviewer confirms the schedule as it is, or corrects it; either way the decision is in the lineage. */
    public BellScheduleView reviewBellSchedule(long id, IfMatch ifMatch, boolean approve, JsonNode corrections,
            Change change) {
        BellScheduleEntity entity = lockedForWrite(id, ifMatch);
        BellScheduleRequest corrected = null;
        if (!approve) {
            if (corrections == null || !corrections.isObject() || corrections.isEmpty()) {
                throw ProblemException.invalid("corrections", FieldError.BODY, "required",
                        "a correction needs the fields to change");
            }
            corrected = merged(entity, corrections);
            validate(entity.ncesId, corrected);
        }
        // Before the entity changes: a query may flush it, and the trail must already know who and why.
        changeContext.describe(change.actor(), change.reason() != null ? change.reason()
                : approve ? "review: approved" : "review: corrected", change.source(), change.correlationId());
        if (corrected != null) {
            apply(corrected, entity);
        }
        entity.reviewStatus = approve ? "approved" : "corrected";
        entity.reviewedBy = change.actor();
        entity.reviewedAt = OffsetDateTime.now();
        return save(entity);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PageOf<BellScheduleView> listAwaitingReview(Paging paging) {
        return PageOf.of(paging, schedules.countAwaitingReview(),
                schedules.listAwaitingReview(paging).stream().map(BellScheduleView::of).toList());
    }

    private BellScheduleRequest merged(BellScheduleEntity entity, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.invalid("$", FieldError.BODY, "json_object", "the patch must be a JSON object");
        }
        ObjectNode base = objectMapper.valueToTree(BellScheduleView.of(entity).asRequest());
        patch.properties().forEach(field -> base.set(field.getKey(), field.getValue()));
        try {
            return objectMapper.treeToValue(base, BellScheduleRequest.class);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        }
    }

    /**
     * The schedule, locked (SELECT … FOR UPDATE) until the transaction ends, so racing writers take turns and each
     * checks its If-Match against the version the one before it committed: the losers get 412, never a failed
     * UPDATE. A schedule that is gone fails an If-Match (RFC 9110 §13.1.1: no current representation matches).
     */
    private BellScheduleEntity lockedForWrite(long id, IfMatch ifMatch) {
        Optional<BellScheduleEntity> found = schedules.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
        if (found.isEmpty()) {
            if (ifMatch != null) {
                throw new ProblemException(412, ProblemTypes.PRECONDITION_FAILED, "Precondition failed",
                        "No bell schedule with id " + id + " exists (any more), so If-Match cannot match.",
                        List.of());
            }
            throw ProblemException.notFound("No bell schedule with id " + id);
        }
        BellScheduleEntity entity = found.get();
        if (ifMatch == null) {
            throw new ProblemException(428, ProblemTypes.PRECONDITION_REQUIRED, "Precondition required",
                    "Send If-Match with the schedule's ETag (\"" + entity.version + "\") so a concurrent change is"
                            + " not overwritten unseen.", List.of());
        }
        if (!ifMatch.matches(entity.version)) {
            throw stale(entity.version);
        }
        return entity;
    }

    private BellScheduleView save(BellScheduleEntity entity) {
        flushOrPreconditionFailed(entity);
        return BellScheduleView.of(entity);
    }

    /** Two writers with the same ETag: the second UPDATE finds no row of that version and is refused. */
    private void flushOrPreconditionFailed(BellScheduleEntity entity) {
        try {
            schedules.flush();
        } catch (OptimisticLockException | StaleStateException e) {
            throw stale(null);
        }
    }

    private static ProblemException stale(Integer current) {
        return new ProblemException(412, ProblemTypes.PRECONDITION_FAILED, "Precondition failed",
                "The schedule was changed since you read it" + (current == null ? "" : " (now version " + current + ")")
                        + "; read it again and reapply your change.", List.of());
    }

    private void requireReasonToOverwrite(BellScheduleEntity entity, Change change) {
        if ("high".equals(entity.confidence) && (change.reason() == null || change.reason().isBlank())) {
            throw ProblemException.invalid("reason", FieldError.QUERY, "reason_required",
                    "the stored schedule has high confidence; say why it is overwritten");
        }
    }

    /** The district a schedule belongs to is named by the nces_id parameter: an unknown one is a bad parameter. */
    private void requireDistrict(String ncesId) {
        if (!vocabulary.districtExists(ncesId)) {
            throw ProblemException.invalid("nces_id", FieldError.QUERY, "known_district",
                    "no district with NCES id " + ncesId);
        }
    }

    private void validate(String ncesId, BellScheduleRequest request) {
        List<FieldError> errors = new ArrayList<>(bodyProblems.found());
        errors.addAll(bodyValidation.violationsOf(request));
        if (request.gradeLevel() != null && !vocabulary.gradeLevels().contains(request.gradeLevel())) {
            errors.add(new FieldError("grade_level", FieldError.BODY, "known_grade_level",
                    "must be one of " + String.join(", ", vocabulary.gradeLevels())));
        }
        if (request.method() != null && !vocabulary.collectionMethods().contains(request.method())) {
            errors.add(new FieldError("method", FieldError.BODY, "known_method",
                    "must be one of " + String.join(", ", vocabulary.collectionMethods())));
        }
        if (request.confidence() != null && !vocabulary.confidenceLevels().contains(request.confidence())) {
            errors.add(new FieldError("confidence", FieldError.BODY, "known_confidence",
                    "must be one of " + String.join(", ", vocabulary.confidenceLevels())));
        }
        BellScheduleRules.check(asSchedule(ncesId, request), (field, rule, message) -> {
            // the importers' one "source" column is two fields in this body; name both, as they exist here
            for (String named : field.equals("source") ? List.of("source_urls", "source_description")
                    : List.of(field)) {
                errors.add(new FieldError(named, FieldError.BODY, rule, message));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static BellSchedule asSchedule(String ncesId, BellScheduleRequest r) {
        return new BellSchedule(ncesId, r.schoolYear(), r.gradeLevel(), r.instructionalMinutes(), r.startTime(),
                r.endTime(), r.lunchMinutes(), r.passingMinutes(), r.recessMinutes(), r.method(), r.confidence(),
                r.sourceUrls(), r.sourceDescription(), r.schoolsSampled(), r.notes());
    }

    private static void apply(BellScheduleRequest request, BellScheduleEntity entity) {
        entity.schoolYear = request.schoolYear();
        entity.gradeLevel = request.gradeLevel();
        entity.instructionalMinutes = request.instructionalMinutes();
        entity.startTime = request.startTime();
        entity.endTime = request.endTime();
        entity.lunchMinutes = toShort(request.lunchMinutes());
        entity.passingMinutes = toShort(request.passingMinutes());
        entity.recessMinutes = toShort(request.recessMinutes());
        entity.method = request.method();
        entity.confidence = request.confidence();
        entity.sourceUrls = request.sourceUrls() == null ? new String[0] : request.sourceUrls().toArray(String[]::new);
        entity.sourceDescription = request.sourceDescription();
        entity.schoolsSampled = request.schoolsSampled() == null ? new String[0]
                : request.schoolsSampled().toArray(String[]::new);
        entity.notes = request.notes();
    }

    private static Short toShort(Integer value) {
        return value == null ? null : value.shortValue();
    }
}

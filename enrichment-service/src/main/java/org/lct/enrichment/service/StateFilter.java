package org.lct.enrichment.service;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.lct.common.problem.FieldError;
import org.lct.common.problem.RequestViolations;
import org.lct.enrichment.repository.VocabularyRepository;

/**
 * A {@code state} filter: a two-letter code of a state the catalogue knows. An unknown one is a 400 naming the
 * parameter, as in district-service, never an empty list.
 */
@ApplicationScoped
public class StateFilter {

    @Inject
    VocabularyRepository vocabulary;

    /** The code, upper-cased; null when absent or bad (the violation is recorded). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String code(RequestViolations violations, String field, String raw) {
        if (raw == null) {
            return null;
        }
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{2}")) {
            violations.add(field, FieldError.QUERY, "state_code", "must be a two-letter state code");
            return null;
        }
        if (!vocabulary.stateExists(code)) {
            violations.add(field, FieldError.QUERY, "known_state", "unknown state code " + code);
            return null;
        }
        return code;
    }
}

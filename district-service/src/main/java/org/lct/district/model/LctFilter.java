package org.lct.district.model;

import java.math.BigDecimal;
import java.util.List;

/** Validated filters of the current-LCT list; a null member filters nothing. */
public record LctFilter(
        String year,
        List<String> states,
        List<String> scopes,
        String name,
        Integer enrollmentMin,
        Integer enrollmentMax,
        BigDecimal lctMin,
        BigDecimal lctMax,
        Boolean valid,
        List<String> minutesSources) {
}

package org.lct.district.model;

import java.math.BigDecimal;
import java.util.List;

/** Validated filters of the district and LCT lists; a null member filters nothing. */
public record DistrictFilter(
        String year,
        List<String> states,
        String name,
        Integer enrollmentMin,
        Integer enrollmentMax,
        Boolean hasBellSchedule,
        BigDecimal lctMin,
        BigDecimal lctMax,
        String scope) {
}

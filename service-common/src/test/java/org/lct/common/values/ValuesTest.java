package org.lct.common.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.RequestViolations;
import org.lct.common.web.Paging;

class ValuesTest {

    @Test
    void shouldPadAnNcesIdAndRefuseAnythingElse() {
        assertEquals(Optional.of(new NcesId("0622710")), NcesId.parse(" 622710 "));
        assertEquals("06", NcesId.parse("622710").orElseThrow().stateFips());
        for (String bad : List.of("", "12345678", "06-22710", "６２２７１０", "0x1F", "-622710")) {
            assertTrue(NcesId.parse(bad).isEmpty(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new NcesId("622710"));
    }

    @Test
    void shouldAcceptOnlyConsecutiveSchoolYearsTheSchemaAccepts() {
        assertEquals("2023-24", SchoolYear.parse("2023-24").orElseThrow().value());
        assertEquals("1999-00", SchoolYear.parse("1999-00").orElseThrow().value());
        for (String bad : List.of("2023-25", "2023", "23-24", "1800-01", "2023/24", "2023-24 extra")) {
            assertTrue(SchoolYear.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void shouldRecordEachMistakeWithTheSameRuleWhereverItIsSent() {
        RequestViolations violations = new RequestViolations();
        assertNull(violations.ncesId("nces_id", FieldError.PATH, "abc"));
        assertNull(violations.schoolYear("year", FieldError.QUERY, "2023-25"));
        assertNull(violations.choice("format", FieldError.QUERY, "xml", List.of("json", "csv")));
        assertNull(violations.bool("valid", "maybe"));
        assertNull(violations.pathId("id", "0"));
        Paging paging = violations.paging("0", "501", 25, 500);
        assertEquals(new Paging(1, 25), paging, "a bad page or size falls back to its default");
        assertEquals(List.of("nces_id_format", "school_year_format", "allowed_value", "boolean", "integer", "minimum",
                "maximum"), violations.errors().stream().map(FieldError::rule).toList());
        assertEquals(List.of("nces_id", "year", "format", "valid", "id", "page", "size"),
                violations.errors().stream().map(FieldError::field).toList());
        assertEquals(new Paging(3, 20), new RequestViolations().paging("3", "20", 25, 500));
        assertEquals(40, new Paging(3, 20).offset());
    }
}

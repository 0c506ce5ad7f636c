package org.lct.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A body read as a tree (a merge patch) names the field whose bytes broke the JSON, not just the body. */
class JsonProblemsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldNameTheFieldWhoseStringIsInvalidUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '1', ',', '"', 'n', 'o', 't', 'e', 's', '"', ':', '"', (byte) 0xC3,
                0x28, '"', '}'};
        JacksonException unreadable = assertThrows(JacksonException.class, () -> mapper.readTree(body));
        FieldError error = JsonProblems.errorOf(unreadable);
        assertEquals("notes", error.field());
        assertEquals("json_syntax", error.rule());
        assertEquals(FieldError.BODY, error.in());
    }

    @Test
    void shouldNameTheWholeBodyWhenNoFieldHasStarted() {
        JacksonException unreadable = assertThrows(JacksonException.class, () -> mapper.readTree("{'a':1}"));
        assertEquals("$", JsonProblems.errorOf(unreadable).field());
    }
}

package org.lct.common.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.lct.common.problem.TextRules;

/** A JSON string that breaks {@link TextRules}; mapped to 400 with the field's path and rule no_control_characters. */
public class UnstorableTextException extends InvalidFormatException {

    public UnstorableTextException(JsonParser parser, String value) {
        super(parser, TextRules.MESSAGE, value, String.class);
    }
}

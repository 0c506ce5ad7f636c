package org.lct.common.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Bean Validation of request bodies, reported with the field names clients see in JSON (the configured Jackson
 * naming, e.g. snake_case), so a service can add its own checks and answer every problem in one 400.
 */
@ApplicationScoped
public class BodyValidation {

    @Inject
    Validator validator;

    @Inject
    ObjectMapper objectMapper;

    public List<FieldError> violationsOf(Object body) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Object> violation : validator.validate(body)) {
            errors.add(new FieldError(jsonPath(violation.getPropertyPath(), true), FieldError.BODY,
                    ruleOf(violation), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::rule));
        return errors;
    }

    /** A Java property name as it appears in this service's JSON. */
    public String jsonName(String javaName) {
        if (objectMapper.getPropertyNamingStrategy() instanceof PropertyNamingStrategies.NamingBase naming) {
            return naming.translate(javaName);
        }
        return javaName;
    }

    /**
     * {@code create.body.startTime} → {@code start_time}; {@code sourceUrls[1].<list element>} →
     * {@code source_urls[1]}. Method and, with {@code skipParameter}, parameter nodes are dropped: the client
     * knows its fields, not our variable names.
     */
    String jsonPath(Path path, boolean skipParameter) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (node.getIndex() != null && !names.isEmpty()) {
                names.set(names.size() - 1, names.getLast() + "[" + node.getIndex() + "]");
            }
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.CONTAINER_ELEMENT
                    || kind == ElementKind.RETURN_VALUE || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && skipParameter) {
                continue;
            }
            String name = kind == ElementKind.PROPERTY ? jsonName(node.getName()) : node.getName();
            if (name != null && !name.isEmpty()) {
                names.add(name);
            }
        }
        return names.stream().collect(Collectors.joining("."));
    }

    /** {@code @NotBlank} → {@code not_blank}, {@code @DecimalMax} → {@code decimal_max}. */
    static String ruleOf(ConstraintViolation<?> violation) {
        String name = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

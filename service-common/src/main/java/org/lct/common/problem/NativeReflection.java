package org.lct.common.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The problem+json body types, registered for reflection in native executables of every service. Quarkus finds
 * them today through the exception mappers' declared return types; this keeps them registered should a mapper or
 * a resource build a {@code Response} instead.
 */
@RegisterForReflection(targets = {Problem.class, FieldError.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

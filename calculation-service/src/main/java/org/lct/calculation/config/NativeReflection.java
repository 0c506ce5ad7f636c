package org.lct.calculation.config;

import org.lct.calculation.repository.DataDictionaryRepository;
import org.lct.calculation.rest.DataDictionaryResource;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson serializes that Quarkus cannot see at build time, registered for reflection in native executables.
 * Quarkus registers what resource methods declare they return; GET /api/v1/data-dictionary returns a
 * {@code Response} (JSON or Markdown), so its body types are listed here. Checked with a native sources build
 * (docs/operations.md, "Containers and native executables"): every other body type of the service is registered by Quarkus already.
 */
@RegisterForReflection(targets = {
    DataDictionaryResource.Dictionary.class,
    DataDictionaryRepository.Relation.class,
    DataDictionaryRepository.Column.class
})
public final class NativeReflection {

    private NativeReflection() {
    }
}

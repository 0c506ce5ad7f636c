package org.lct.calculation.model;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lct.common.problem.CheckedBody;

/** Body of {@code POST /api/v1/runs}. Every field is optional. */
@Schema(name = "RunRequest", description = "What to calculate. Omitted fields take their documented defaults.")
public record RunRequest(
        @Schema(description = "full recalculates every district; incremental only those whose inputs changed since the last successful run.",
                enumeration = {"full", "incremental"}, defaultValue = "full")
        String mode,
        @Schema(description = "NCES data year to calculate; default: the newest year loaded.", examples = "2023-24")
        String year,
        @Schema(description = "Staff scopes to calculate; default: every scope the loaded data supports.",
                examples = "[\"teachers_total\"]")
        List<String> scopes,
        @Schema(description = "Run options: reference_compatibility (\"g1\" reproduces the reference's published 2023-24 dataset), default_minutes (120..480).",
                examples = "{\"reference_compatibility\": \"g1\"}")
        Map<String, Object> options) implements CheckedBody {
}

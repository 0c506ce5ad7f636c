package org.lct.enrichment.model;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lct.common.values.NcesIdFormat;

@Schema(name = "AttemptInput", description = "The outcome of one attempt to collect a district's bell schedule.")
public record AttemptRequest(
        @NotBlank @NcesIdFormat @Schema(pattern = "^[0-9]{1,7}$", examples = "634920", required = true) String ncesId,
        @NotBlank @Pattern(regexp = "success|no_data|blocked|error", message = "must be success, no_data, blocked or error")
        @Schema(enumeration = {"success", "no_data", "blocked", "error"}, required = true) String outcome,
        @Size(max = 2000) @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        @Schema(examples = "https://district.example/bell-schedule") String sourceUrl,
        @Size(max = 4000) @Schema(description = "What happened.", examples = "HTTP 403 from the district site")
        String detail,
        @Min(-100) @Max(100) @Schema(description = "Queue priority from now on; higher comes first. Default: keep the"
                + " district's current priority (0 at first).", examples = "0") Integer priority) {
}

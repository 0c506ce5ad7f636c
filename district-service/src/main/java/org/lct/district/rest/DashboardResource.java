package org.lct.district.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;
import org.lct.district.config.DashboardConfig;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The dashboard's runtime configuration: where the browser reaches the other two services. It holds URLs only,
 * never a secret (the dashboard reads public, open endpoints). Not part of the API document.
 */
@Path("/dashboard/config.json")
public class DashboardResource {

    private final DashboardConfig config;

    public DashboardResource(DashboardConfig config) {
        this.config = config;
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DashboardSettings(String enrichmentUrl, String calculationUrl) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public RestResponse<DashboardSettings> settings() {
        DashboardSettings settings = new DashboardSettings(config.enrichmentUrl().orElse(""),
                config.calculationUrl().orElse(""));
        // Revalidated on every load, so a changed deployment takes effect at once; it is a few bytes.
        return RestResponse.ResponseBuilder.ok(settings).header("Cache-Control", "no-cache").build();
    }
}

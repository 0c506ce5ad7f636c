package org.lct.enrichment.rest;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Declares the bearer scheme the write operations require (roles enricher and reviewer in the groups claim). */
@OpenAPIDefinition(info = @Info(title = "LCT enrichment-service", version = "1.0.0"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A JWT signed by the platform's key; roles in the `groups` claim:"
                + " `enricher` writes and imports, `reviewer` approves and corrects.")
public class EnrichmentApi extends Application {
}

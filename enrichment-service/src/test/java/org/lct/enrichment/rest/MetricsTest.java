package org.lct.enrichment.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lct.enrichment.rest.EnrichmentTestSupport.DISTRICTS_HEADER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importFile;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.Metrics;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** /q/metrics counts imports by kind and outcome, and the requests behind them. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class MetricsTest {

    private static final String IMPORTS = "lct_imports_total";

    @Test
    void shouldCountImportsByKindAndOutcome() {
        String[] succeeded = {"kind", "districts", "outcome", "succeeded"};
        String[] validated = {"kind", "districts", "outcome", "validated"};
        String[] rejected = {"kind", "districts", "outcome", "rejected"};
        String[] requests = {"uri", "/api/v1/imports/{kind}", "method", "POST"};
        String before = Metrics.scrape();
        String file = DISTRICTS_HEADER + "199801,Metrics Test,AL,1000,50,2023-24,test\n";
        importFile("districts", "districts.csv", file).statusCode(201);
        importFile("districts", "districts.csv", file, "dry_run", "true").statusCode(200);
        importFile("districts", "districts.csv", DISTRICTS_HEADER + "199802,Bad Count,AL,many,50,2023-24,test\n")
                .statusCode(422);
        String after = Metrics.scrape();
        assertEquals(1, Metrics.sum(after, IMPORTS, succeeded) - Metrics.sum(before, IMPORTS, succeeded), after);
        assertEquals(1, Metrics.sum(after, IMPORTS, validated) - Metrics.sum(before, IMPORTS, validated), after);
        assertEquals(1, Metrics.sum(after, IMPORTS, rejected) - Metrics.sum(before, IMPORTS, rejected), after);
        assertEquals(3, Metrics.sum(after, "http_server_requests_seconds_count", requests)
                - Metrics.sum(before, "http_server_requests_seconds_count", requests), after);
    }
}

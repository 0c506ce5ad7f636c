package org.lct.enrichment.rest;

import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** enrichment-service's document at docs/openapi/enrichment-service.yaml (see the base class). */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class OpenApiDocumentTest extends org.lct.testsupport.OpenApiDocumentTest {

    @Override
    protected String service() {
        return "enrichment-service";
    }

    @Override
    protected int operations() {
        return 22;
    }
}

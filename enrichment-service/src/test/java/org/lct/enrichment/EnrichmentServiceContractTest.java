package org.lct.enrichment;

import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;
import org.lct.testsupport.ServiceContractTest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class EnrichmentServiceContractTest extends ServiceContractTest {

    @Override
    protected String openApiTitle() {
        return "LCT enrichment-service";
    }
}

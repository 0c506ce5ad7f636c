package org.lct.calculation;

import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** calculation-service's document at docs/openapi/calculation-service.yaml (see the base class). */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "migrate", value = "true")})
@WithTestResource(TestTokens.class)
class OpenApiDocumentTest extends org.lct.testsupport.OpenApiDocumentTest {

    @Override
    protected String service() {
        return "calculation-service";
    }

    @Override
    protected int operations() {
        return 6;
    }
}

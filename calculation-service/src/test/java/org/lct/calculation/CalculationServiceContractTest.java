package org.lct.calculation;

import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.ServiceContractTest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
class CalculationServiceContractTest extends ServiceContractTest {

    @Override
    protected String openApiTitle() {
        return "LCT calculation-service";
    }
}

package org.lct.district;

import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.ServiceContractTest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health and OpenAPI, with the service running as a read-only database user, as in production. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class DistrictServiceContractTest extends ServiceContractTest {

    @Override
    protected String openApiTitle() {
        return "LCT district-service";
    }
}

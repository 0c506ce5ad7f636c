package org.lct.district.rest;

import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** district-service's document at docs/openapi/district-service.yaml (see the base class). */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class OpenApiDocumentTest extends org.lct.testsupport.OpenApiDocumentTest {

    @Override
    protected String service() {
        return "district-service";
    }

    @Override
    protected int operations() {
        return 14;
    }
}

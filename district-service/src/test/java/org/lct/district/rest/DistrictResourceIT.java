package org.lct.district.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The district operations against the packaged application, as it is deployed. */
@QuarkusIntegrationTest
class DistrictResourceIT extends DistrictResourceTest {
}

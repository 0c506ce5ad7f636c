package org.lct.district;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract against the packaged application. */
@QuarkusIntegrationTest
class DistrictServiceContractIT extends DistrictServiceContractTest {
}

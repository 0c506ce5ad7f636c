package org.lct.calculation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract against the packaged application. */
@QuarkusIntegrationTest
class CalculationServiceContractIT extends CalculationServiceContractTest {
}

package org.lct.enrichment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract against the packaged application. */
@QuarkusIntegrationTest
class EnrichmentServiceContractIT extends EnrichmentServiceContractTest {
}

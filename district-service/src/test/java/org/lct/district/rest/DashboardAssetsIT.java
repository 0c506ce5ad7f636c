package org.lct.district.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The dashboard's files as the packaged application serves them: from the jar, with the same headers. */
@QuarkusIntegrationTest
class DashboardAssetsIT extends DashboardAssetsTest {
}

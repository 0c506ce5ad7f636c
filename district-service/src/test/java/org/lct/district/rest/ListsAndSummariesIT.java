package org.lct.district.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** States, summaries, LCT lists, rankings, enrichment and metadata against the packaged application. */
@QuarkusIntegrationTest
class ListsAndSummariesIT extends ListsAndSummariesTest {
}

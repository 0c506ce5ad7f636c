package org.lct.enrichment;

import org.lct.testsupport.UnmigratedSchemaTest;

/** The service validates like the other two; only the migration step (MigrationStepIT) migrates. */
class UnmigratedSchemaIT extends UnmigratedSchemaTest {
}

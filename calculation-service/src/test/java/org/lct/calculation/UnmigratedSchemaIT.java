package org.lct.calculation;

import org.lct.testsupport.UnmigratedSchemaTest;

class UnmigratedSchemaIT extends UnmigratedSchemaTest {
}

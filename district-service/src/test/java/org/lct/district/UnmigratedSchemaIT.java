package org.lct.district;

import org.lct.testsupport.UnmigratedSchemaTest;

class UnmigratedSchemaIT extends UnmigratedSchemaTest {
}

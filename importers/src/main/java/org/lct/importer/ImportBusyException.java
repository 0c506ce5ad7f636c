package org.lct.importer;

/** Another import of the same kind holds the lock; this one wrote nothing and may be retried. */
public class ImportBusyException extends RuntimeException {

    public ImportBusyException(ImportKind kind) {
        super("another " + kind.slug() + " import is running; retry when it has finished", null, false, false);
    }
}

package org.lct.district.rest;

import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.lct.common.openapi.ProblemResponsesFilter;

/**
 * The common problem answers, plus the 503 every read can give when the database cannot answer it now (a standby
 * cancelled it, or the server is restarting): see {@link DatabaseUnavailableMapper}.
 */
public class DistrictProblemResponses extends ProblemResponsesFilter {

    @Override
    protected void addServiceResponses(APIResponses responses) {
        addIfAbsent(responses, "503", "The database cannot answer now (a standby cancelled the read, or it is"
                + " restarting); retry after the `Retry-After` seconds.");
    }
}

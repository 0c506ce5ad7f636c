package org.lct.common.web;

import jakarta.enterprise.context.RequestScoped;

/**
 * The id of the current request: the caller's {@code X-Request-Id} when it is sane, else a new UUID. Echoed in
 * the response header and in problem bodies, put in the log MDC, and recorded as the lineage correlation id.
 */
@RequestScoped
public class RequestId {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    private String value;

    public String value() {
        return value;
    }

    void assign(String value) {
        this.value = value;
    }
}

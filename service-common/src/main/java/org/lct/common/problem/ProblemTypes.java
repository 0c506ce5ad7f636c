package org.lct.common.problem;

/** The problem {@code type} URIs this platform uses; stable, so clients may switch on them. */
public final class ProblemTypes {
    public static final String INVALID_REQUEST = "urn:lct:problem:invalid-request";
    public static final String NOT_FOUND = "urn:lct:problem:not-found";
    public static final String CONFLICT = "urn:lct:problem:conflict";
    public static final String PRECONDITION_FAILED = "urn:lct:problem:precondition-failed";
    public static final String PRECONDITION_REQUIRED = "urn:lct:problem:precondition-required";
    public static final String UNAUTHORIZED = "urn:lct:problem:unauthorized";
    public static final String FORBIDDEN = "urn:lct:problem:forbidden";
    public static final String PAYLOAD_TOO_LARGE = "urn:lct:problem:payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "urn:lct:problem:unsupported-media-type";
    public static final String INTERNAL = "urn:lct:problem:internal";
    /** 503: the request may succeed when retried after the Retry-After header's seconds. */
    public static final String UNAVAILABLE = "urn:lct:problem:unavailable";
    /** RFC 9457 §4.2.1: no more semantics than the HTTP status code itself. */
    public static final String HTTP_STATUS = "about:blank";

    private ProblemTypes() {
    }
}

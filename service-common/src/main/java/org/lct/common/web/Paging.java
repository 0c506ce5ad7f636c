package org.lct.common.web;

/** Which page of a list a client asked for: {@code page} from 1, {@code size} rows a page. */
public record Paging(int page, int size) {

    public static final String PAGE = "page";
    public static final String SIZE = "size";
    public static final int MAX_PAGE = 1_000_000;

    /** Rows before this page. */
    public long offset() {
        return (long) (page - 1) * size;
    }
}

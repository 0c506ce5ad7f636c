package org.lct.common.web;

/** A page of a list: its number (from 1), the size asked for and the rows over all pages. */
public interface Paged {

    int page();

    int size();

    long total();
}

package org.lct.district.model;

/** One sort key as the client asked for it: {@code -enrollment} is enrollment, descending. */
public record SortField(String field, boolean descending) {

    @Override
    public String toString() {
        return (descending ? "-" : "") + field;
    }
}

package org.lct.district.model;

import java.util.List;

/** Which page of a list, of what size, in what order (validated fields only). */
public record PageRequest(int page, int size, List<SortField> sort) {

    public long offset() {
        return (long) (page - 1) * size;
    }
}

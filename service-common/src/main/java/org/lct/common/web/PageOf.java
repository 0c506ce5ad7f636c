package org.lct.common.web;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list, with the total so clients know how many pages there are. */
@Schema(description = "One page of a list, with the total over all pages.")
public record PageOf<T>(
        @Schema(description = "1-based page number.", examples = "1") int page,
        @Schema(description = "Page size asked for.", examples = "50") int size,
        @Schema(description = "Items matching, on all pages.", examples = "3") long total,
        @Schema(description = "The items of this page.") List<T> items) implements Paged {

    public static <T> PageOf<T> of(Paging paging, long total, List<T> items) {
        return new PageOf<>(paging.page(), paging.size(), total, items);
    }
}

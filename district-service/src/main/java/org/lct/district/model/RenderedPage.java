package org.lct.district.model;

import org.lct.common.web.Paged;

/** A page rendered as JSON text, with the numbers its {@code Link} headers are made of (PageLinks). */
public final class RenderedPage<T> extends RenderedJson<T> implements Paged {

    private final int page;
    private final int size;
    private final long total;

    public RenderedPage(String json, Paged numbers) {
        super(json);
        this.page = numbers.page();
        this.size = numbers.size();
        this.total = numbers.total();
    }

    @Override
    public int page() {
        return page;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long total() {
        return total;
    }
}

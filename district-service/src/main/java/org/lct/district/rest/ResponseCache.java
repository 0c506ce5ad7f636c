package org.lct.district.rest;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.lct.common.web.Paged;
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.RenderedJson;
import org.lct.district.model.RenderedPage;

/**
 * JSON answers kept by their ETag. A tag names the data version, the request and the representation, so every answer
 * under one tag is the same document, which HTTP already lets any cache reuse for max-age: the second time a question
 * is asked under the same data version it is answered from here, without PostgreSQL. Bounded by bytes
 * ({@code lct.district.response-cache-size}, least used first out); an entry lives no longer than clients may keep the
 * answer ({@code lct.district.cache-max-age}). Hits and misses are the {@code cache_gets_total} meters of
 * {@value #NAME}.
 */
@ApplicationScoped
public class ResponseCache {

    static final String NAME = "district-responses";
    /**
     * Caffeine's entry and the two strings' headers, roughly, so many small answers are weighed fairly. JSON text is
     * mostly Latin-1, which a String holds in a byte a character.
     */
    private static final int ENTRY_OVERHEAD_BYTES = 160;

    private final ObjectMapper mapper;
    private final Cache<String, RenderedJson<?>> answers;

    public ResponseCache(DistrictConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this.mapper = mapper;
        long capacity = config.responseCacheSize().asLongValue();
        if (capacity <= 0 || config.cacheMaxAge().isZero()) {
            answers = null;
            return;
        }
        answers = Caffeine.newBuilder()
                .maximumWeight(capacity)
                .weigher((String tag, RenderedJson<?> answer) -> ENTRY_OVERHEAD_BYTES + tag.length()
                        + answer.json().length())
                .expireAfterWrite(config.cacheMaxAge())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, answers, NAME);
    }

    /**
     * The answer kept under {@code tag}, else {@code body} written by the service's ObjectMapper (the text the
     * answer would have had) and kept; either way as {@link RenderedJson}, which Jackson writes as it is, a page as
     * {@link RenderedPage}, which keeps its Link headers. A read that fails (a 404, a database error) keeps nothing.
     * Concurrent first requests for one tag each read PostgreSQL: Caffeine's computing get would hold a lock of the
     * map, shared with other tags, for as long as the read takes. Off: {@code body} as it is.
     */
    public Object json(String tag, Supplier<?> body) {
        if (answers == null) {
            return body.get();
        }
        RenderedJson<?> kept = answers.getIfPresent(tag);
        if (kept == null) {
            Object answer = body.get();
            String json = write(answer);
            kept = answer instanceof Paged page ? new RenderedPage<>(json, page) : new RenderedJson<>(json);
            answers.put(tag, kept);
        }
        return kept;
    }

    private String write(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write an answer as JSON", e);
        }
    }
}

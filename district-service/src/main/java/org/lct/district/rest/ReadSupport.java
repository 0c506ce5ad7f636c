package org.lct.district.rest;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.RenderedJson;
import org.lct.district.service.CatalogueService;

/**
 * What every read shares: parsing its query parameters against the catalogue, choosing JSON or CSV, and
 * conditional answers. The ETag is a digest of the data version (newest successful run, newest view refresh,
 * newest lineage entry), the request URI and the representation: same data, same question, same tag. A matching
 * {@code If-None-Match} answers 304 without reading the data, and a JSON answer already given under the same tag is
 * given again without reading it ({@link ResponseCache}).
 */
@ApplicationScoped
public class ReadSupport {

    public static final String CSV = "text/csv";
    static final MediaType CSV_TYPE = new MediaType("text", "csv", StandardCharsets.UTF_8.name());

    private final CatalogueService catalogue;
    private final DistrictConfig config;
    private final ResponseCache responses;

    public ReadSupport(CatalogueService catalogue, DistrictConfig config, ResponseCache responses) {
        this.catalogue = catalogue;
        this.config = config;
        this.responses = responses;
    }

    /** Starts parsing a request's query; parameters outside {@code allowed} are recorded as unknown. */
    public QueryParameters parameters(UriInfo uri, Set<String> allowed) {
        return new QueryParameters(uri.getQueryParameters(), allowed, catalogue, catalogue.dataVersion());
    }

    /**
     * A body PostgreSQL rendered ({@link RenderedJson}, or a list of them) answered where the operation declares the
     * model it renders, {@code T}: Jackson writes the rendered text as it is, and the OpenAPI document shows
     * {@code T}. Like the CSV answers, the declared type only documents what the body holds.
     */
    @SuppressWarnings("unchecked")
    public static <T> Supplier<T> rendered(Supplier<?> body) {
        return () -> (T) body.get();
    }

    /** A JSON-only read. */
    public <T> RestResponse<T> respond(QueryParameters query, UriInfo uri, HttpHeaders headers, Supplier<T> json) {
        query.throwIfAny();
        return conditional(query, uri, headers, null, json::get);
    }

    /** A list: JSON, or CSV when {@code format=csv} or the Accept header prefers {@code text/csv}. */
    public <T> RestResponse<T> respond(QueryParameters query, UriInfo uri, HttpHeaders headers, Supplier<T> json,
            String csvName, Consumer<OutputStream> csv) {
        return respond(query, uri, headers, json, csvName, csv, () -> {
        });
    }

    /**
     * As above; {@code beforeCsv} runs before a CSV export starts streaming, while a 404 can still be answered
     * (the JSON supplier checks for itself).
     */
    public <T> RestResponse<T> respond(QueryParameters query, UriInfo uri, HttpHeaders headers, Supplier<T> json,
            String csvName, Consumer<OutputStream> csv, Runnable beforeCsv) {
        String format = query.format();
        query.throwIfAny();
        boolean asCsv = format != null ? format.equals("csv") : prefersCsv(headers);
        return conditional(query, uri, headers, asCsv ? csvName : null, () -> {
            if (!asCsv) {
                return json.get();
            }
            beforeCsv.run();
            return (StreamingOutput) csv::accept;
        });
    }

    @SuppressWarnings("unchecked")
    /** {@code csvName} is null for JSON, else the file name the CSV is offered under. */
    private <T> RestResponse<T> conditional(QueryParameters query, UriInfo uri, HttpHeaders headers, String csvName,
            Supplier<Object> body) {
        boolean csv = csvName != null;
        String tag = "W/\"" + digest(query.dataVersion() + '|' + uri.getRequestUri().getRawPath() + '?'
                + uri.getRequestUri().getRawQuery() + '|' + (csv ? "csv" : "json")) + '"';
        String cacheControl = "public, max-age=" + config.cacheMaxAge().toSeconds();
        if (matches(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), tag)) {
            return (RestResponse<T>) RestResponse.ResponseBuilder.notModified()
                    .header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
        }
        Object entity = csv ? body.get() : responses.json(tag, body);
        RestResponse.ResponseBuilder<Object> builder = RestResponse.ResponseBuilder.ok(entity)
                .type(csv ? CSV_TYPE : MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        if (csv) {
            builder.header("Content-Disposition", "attachment; filename=\"" + csvName + ".csv\"");
        }
        return (RestResponse<T>) builder.build();
    }

    /** If-None-Match compares weakly (RFC 9110 §13.1.2): {@code W/} prefixes do not matter. */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = tag.startsWith("W/") ? tag.substring(2) : tag;
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*") || (value.startsWith("W/") ? value.substring(2) : value).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** The first acceptable type that either representation satisfies decides; wildcards mean JSON. */
    private static boolean prefersCsv(HttpHeaders headers) {
        for (MediaType acceptable : headers.getAcceptableMediaTypes()) {
            if (acceptable.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (acceptable.isCompatible(CSV_TYPE)) {
                return true;
            }
        }
        throw new NotAcceptableException();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

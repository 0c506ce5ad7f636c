package org.lct.common.problem;

import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A resource that exists only to exercise the mappers the way the services use them. */
@Path("/probe")
public class ProbeResource {

    public record Body(@NotBlank String name, @NotNull @Min(120) @Max(480) Integer minutes) {
    }

    @GET
    public String list(@RestQuery("size") String size, @RestQuery("min") String min, @RestQuery("max") String max,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations();
        violations.rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("size", "min", "max"));
        Integer pageSize = violations.integer("size", size, 1, 400);
        var lower = violations.decimal("min", min);
        var upper = violations.decimal("max", max);
        violations.orderedRange("min", lower, "max", upper);
        violations.throwIfAny();
        return "ok " + pageSize;
    }

    @GET
    @Path("/{code}")
    public String byCode(@RestPath @Pattern(regexp = "[A-Z]{2}", message = "must be two capital letters") String code) {
        if (code.equals("ZZ")) {
            throw ProblemException.notFound("No state with code ZZ");
        }
        if (code.equals("XX")) {
            throw new IllegalStateException("secret internals at org.lct.Secret");
        }
        return code;
    }

    @POST
    public String create(@Valid Body body) {
        return body.name();
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public String upload(@org.jboss.resteasy.reactive.RestForm("file") org.jboss.resteasy.reactive.multipart.FileUpload file)
            throws java.io.IOException {
        if (file == null) {
            throw ProblemException.invalid("file", FieldError.FILE, "required", "upload the file as the part 'file'");
        }
        return java.nio.file.Files.readString(file.uploadedFile());
    }

    public record Strict(String name, Integer minutes, java.util.List<String> tags) {
    }

    @POST
    @Path("/strict")
    @Consumes(MediaType.APPLICATION_JSON)
    public String strict(Strict body) {
        return body.name() + " " + body.minutes() + " " + body.tags();
    }
}

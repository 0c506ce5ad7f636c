package org.lct.enrichment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.lct.importer.Importers;
import org.lct.testsupport.PackagedService;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged service as operations run it: JSON console logs behind QUARKUS_LOG_CONSOLE_JSON_ENABLED, with the
 * request id in every line written for a request, and a graceful stop on SIGTERM that lets a request in flight
 * finish.
 */
class OperationsIT {

    private static final String ENRICHER = TestTokens.tokenFor("ops@example.org", "enricher");

    @Test
    void shouldLogJsonWithTheRequestIdAndFinishARequestInFlightOnSigterm() throws Exception {
        try (TestDatabase database = TestDatabase.create("operations")) {
            database.migrate();
            TestDatabase.User login = database.createMemberOf("lct_enrichment_writer");
            Map<String, String> configuration = new HashMap<>(new TestTokens().start());
            configuration.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            configuration.put("quarkus.datasource.username", login.name());
            configuration.put("quarkus.datasource.password", login.password());
            try (PackagedService.Running service = PackagedService.start(configuration,
                    Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"), Duration.ofSeconds(120))) {
                importWithRequestId(service);
                assertTheImportWasLoggedAsJsonWithItsRequestId(service.output());
                finishAnUploadInFlightAfterSigterm(service);
            }
        }
    }

    private static void importWithRequestId(PackagedService.Running service) {
        given().port(service.port()).auth().oauth2(ENRICHER).header("X-Request-Id", "operations-it-import")
                .multiPart("file", "districts.csv", ("district_id,district_name,state,enrollment,instructional_staff,"
                        + "year,data_source\n199701,Operations Test,AL,1000,50,2023-24,test\n").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports/districts")
                .then().statusCode(201).header("X-Request-Id", "operations-it-import");
    }

    private static void assertTheImportWasLoggedAsJsonWithItsRequestId(String output) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                records.add(mapper.readTree(line));
            }
            assertFalse(line.matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ +(INFO|WARN|ERROR).*"),
                    "a plain-text log line although JSON is on: " + line);
        }
        assertTrue(records.stream().anyMatch(r -> r.path("message").asText().contains("started in")),
                "Quarkus' start line as JSON:\n" + output);
        JsonNode imported = records.stream()
                .filter(r -> r.path("message").asText().startsWith("Import of districts succeeded"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON line for the import:\n" + output));
        assertEquals("operations-it-import", imported.path("requestId").asText(), imported.toString());
        assertEquals("org.lct.enrichment.service.ImportService", imported.path("loggerName").asText(), imported.toString());
        assertEquals("INFO", imported.path("level").asText(), imported.toString());
    }

    /**
     * Sends half an upload, SIGTERMs the service, waits until it says it waits for requests in flight, sends the
     * rest: the upload is answered and the service then stops.
     */
    private static void finishAnUploadInFlightAfterSigterm(PackagedService.Running service) throws Exception {
        byte[] file = Files.readAllBytes(Importers.repositoryRoot().resolve(Importers.BUNDLED_STATE_REQUIREMENTS));
        String boundary = "lct-operations-it";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"state-requirements.yaml\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] content = body.toByteArray();
        String head = "POST /api/v1/imports/state-requirements?dry_run=true HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + ENRICHER + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                + "\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        try (Socket upload = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            upload.setSoTimeout(60_000);
            OutputStream out = upload.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, content.length / 2);
            out.flush();
            Thread.sleep(500); // the server has the request and half its body

            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return service.terminate(Duration.ofSeconds(60));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Quarkus' graceful shutdown counts the request from its headers on, and says that it waits for it
            awaitLogged(service, "Waiting for HTTP requests to complete");
            assertFalse(exit.isDone(), "the service waits for the request in flight");

            out.write(content, content.length / 2, content.length - content.length / 2);
            out.flush();
            String response = new String(upload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), "the dry run answered after SIGTERM:\n" + response);
            assertTrue(response.contains("\"status\":\"validated\""), response);
            // 143 = 128 + SIGTERM: the JVM's exit code once its shutdown hooks (Quarkus' orderly stop) have run
            assertEquals(143, exit.get(), "exit code after a graceful stop; output:\n" + service.output());
            assertTrue(service.output().contains("All HTTP requests complete"), service.output());
            assertTrue(service.output().contains("enrichment-service stopped in"), service.output());
        }
    }

    /** Until the service has logged {@code text}. */
    private static void awaitLogged(PackagedService.Running service, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!service.output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 20 s; output:\n" + service.output());
            }
            Thread.sleep(100);
        }
    }
}

package org.lct.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Every object of every overlay is valid against its API schema; and the check does refuse what is not. */
class KubernetesSchemaTest {

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @Test
    void shouldHaveTheDevAndProdOverlays() {
        assertTrue(overlays().containsAll(List.of("dev", "prod")), "overlays: " + overlays());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shouldRenderOnlyObjectsThatMatchTheirSchema(String overlay) {
        List<ObjectNode> objects = Kustomize.render(overlay);
        assertFalse(objects.isEmpty(), overlay + " renders nothing");
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : objects) {
            try {
                KubernetesSchemas.validate(object);
            } catch (KubernetesSchemas.SchemaViolation e) {
                violations.add(e.getMessage());
            }
        }
        assertEquals(List.of(), violations, overlay + ": objects that do not match their schema");
    }

    @Test
    void shouldRefuseAnUnknownField() {
        ObjectNode deployment = firstOf("Deployment");
        container(deployment).putObject("livenessProbes").put("periodSeconds", 10);
        assertViolation(deployment, "livenessProbes");
    }

    @Test
    void shouldRefuseAnUnknownFieldInMetadata() {
        ObjectNode deployment = firstOf("Deployment");
        ((ObjectNode) deployment.get("metadata")).putObject("label").put("app", "x");
        assertViolation(deployment, "label");
    }

    @Test
    void shouldRefuseAStringWhereTheSchemaWantsANumber() {
        ObjectNode deployment = firstOf("Deployment");
        ((ObjectNode) deployment.get("spec")).put("revisionHistoryLimit", "5");
        assertViolation(deployment, "revisionHistoryLimit");
    }

    @Test
    void shouldRefuseANumberWhereTheSchemaWantsAString() {
        ObjectNode deployment = firstOf("Deployment");
        ObjectNode variable = ((ArrayNode) container(deployment).get("env")).addObject();
        variable.put("name", "SOME_PORT");
        variable.put("value", 8080);
        assertViolation(deployment, "value");
    }

    @Test
    void shouldRefuseAMalformedQuantity() {
        ObjectNode deployment = firstOf("Deployment");
        ((ObjectNode) container(deployment).get("resources").get("limits")).put("memory", "512 megabytes");
        assertViolation(deployment, "512 megabytes");
    }

    @Test
    void shouldRefuseAnUnknownKind() {
        ObjectNode deployment = firstOf("Deployment");
        deployment.put("apiVersion", "extensions/v1beta1");
        assertViolation(deployment, "no schema for extensions/v1beta1/Deployment");
    }

    @Test
    void shouldRefuseAnUnknownFieldOfTheCloudNativePgCluster() {
        ObjectNode cluster = firstOf("Cluster");
        ((ObjectNode) cluster.get("spec")).put("instance", 3);
        assertViolation(cluster, "instance");
    }

    @Test
    void shouldRefuseAFiveFieldBackupSchedule() {
        ObjectNode backup = firstOf("ScheduledBackup");
        ((ObjectNode) backup.get("spec")).put("schedule", "0 2 * * *");
        assertViolation(backup, "six fields");
    }

    @Test
    void shouldReadTheDeploymentItValidates() throws Exception {
        Deployment deployment = (Deployment) KubernetesSchemas.validate(firstOf("Deployment"));
        assertFalse(deployment.getSpec().getTemplate().getSpec().getContainers().isEmpty());
    }

    private static ObjectNode firstOf(String kind) {
        return Kustomize.render("prod").stream().filter(object -> kind.equals(object.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("prod renders no " + kind)).deepCopy();
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.get("spec").get("template").get("spec").get("containers").get(0);
    }

    private static void assertViolation(ObjectNode object, String expected) {
        KubernetesSchemas.SchemaViolation violation = assertThrows(KubernetesSchemas.SchemaViolation.class,
                () -> KubernetesSchemas.validate(object));
        assertTrue(violation.getMessage().contains(expected), "the message names " + expected + ": " + violation.getMessage());
    }
}

package org.lct.deploy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Validates a rendered object against the schema of its API version and kind, as strictly as the API server's
 * field validation ({@code kubectl apply --validate=strict}): the fabric8 Kubernetes model (generated from the
 * Kubernetes OpenAPI schemas; version pinned by the Quarkus platform) for built-in kinds, {@link CloudNativePg} for
 * the CloudNativePG and Barman Cloud resources. An unknown field, a value of the wrong type (no string-to-number,
 * number-to-string or string-to-boolean coercion), a malformed quantity or an unknown apiVersion/kind fails.
 */
final class KubernetesSchemas {

    /** The schema of every apiVersion/kind the overlays may contain; anything else is refused. */
    private static final Map<String, Class<?>> SCHEMAS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CloudNativePg.Cluster.class),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", CloudNativePg.ScheduledBackup.class),
            Map.entry("barmancloud.cnpg.io/v1/ObjectStore", CloudNativePg.ObjectStore.class));

    private static final ObjectMapper STRICT = strictMapper();

    /** A rendered object that does not match its schema. */
    static final class SchemaViolation extends Exception {
        SchemaViolation(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private KubernetesSchemas() {
    }

    /** The object as its typed model, or the reason it is not valid. */
    static Object validate(ObjectNode object) throws SchemaViolation {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = type + " " + object.path("metadata").path("name").asText("(no name)");
        Class<?> schema = SCHEMAS.get(type);
        if (schema == null) {
            throw new SchemaViolation(name + ": no schema for " + type + " (known: " + SCHEMAS.keySet().stream().sorted().toList()
                    + "); check the apiVersion, or add the kind's schema to KubernetesSchemas", null);
        }
        if (object.path("metadata").path("name").asText().isEmpty()) {
            throw new SchemaViolation(name + ": metadata.name is required", null);
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(object, schema);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SchemaViolation(name + ": " + e.getMessage(), e);
        }
        try {
            checkQuantities(typed);
        } catch (IllegalArgumentException e) {
            throw new SchemaViolation(name + ": " + e.getMessage(), e);
        }
        return typed;
    }

    /** Quantities are strings in the model; the API server parses them, so do we. */
    private static void checkQuantities(Object typed) {
        PodSpec pod = switch (typed) {
            case Deployment deployment -> deployment.getSpec().getTemplate().getSpec();
            case Job job -> job.getSpec().getTemplate().getSpec();
            default -> null;
        };
        if (pod != null) {
            for (Container container : pod.getContainers()) {
                checkQuantities(container.getResources());
            }
            pod.getVolumes().stream().filter(volume -> volume.getEmptyDir() != null && volume.getEmptyDir().getSizeLimit() != null)
                    .forEach(volume -> parse(volume.getEmptyDir().getSizeLimit()));
        }
        if (typed instanceof CloudNativePg.Cluster cluster) {
            checkQuantities(cluster.spec().resources());
            parse(new Quantity(cluster.spec().storage().size()));
        }
    }

    private static void checkQuantities(ResourceRequirements resources) {
        if (resources != null) {
            List.of(resources.getRequests(), resources.getLimits()).forEach(map -> map.values().forEach(KubernetesSchemas::parse));
        }
    }

    private static void parse(Quantity quantity) {
        try {
            Quantity.getAmountInBytes(quantity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a quantity: '" + quantity + "' (" + e.getMessage() + ")", e);
        }
    }

    private static ObjectMapper strictMapper() {
        // The fabric8 model keeps unknown fields in an "additionalProperties" map (@JsonAnySetter); without it, an
        // unknown field meets FAIL_ON_UNKNOWN_PROPERTIES like in any other bean.
        SimpleModule noAdditionalProperties = new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                    BeanDeserializerBuilder builder) {
                if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
                    builder.setAnySetter(null);
                }
                return builder;
            }
        });
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(noAdditionalProperties)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }
}

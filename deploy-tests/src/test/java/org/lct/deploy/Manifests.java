package org.lct.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The typed objects of a rendered overlay ({@link KubernetesSchemaTest} shows they are valid). */
final class Manifests {

    private static final Map<String, List<Object>> TYPED = new ConcurrentHashMap<>();

    /** A pod template and where it comes from, for messages. */
    record Workload(String name, PodTemplateSpec template) {
        List<Container> containers() {
            return template.getSpec().getContainers();
        }
    }

    private Manifests() {
    }

    static List<Object> of(String overlay) {
        return TYPED.computeIfAbsent(overlay, name -> Kustomize.render(name).stream().map(Manifests::typed).toList());
    }

    static <T> List<T> all(String overlay, Class<T> type) {
        return of(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> named(String overlay, Class<T> type, String name) {
        return all(overlay, type).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    /** Every Deployment's and Job's pod template. */
    static List<Workload> workloads(String overlay) {
        return of(overlay).stream().<Workload>mapMulti((object, sink) -> {
            if (object instanceof Deployment deployment) {
                sink.accept(new Workload("Deployment " + deployment.getMetadata().getName(), deployment.getSpec().getTemplate()));
            } else if (object instanceof Job job) {
                sink.accept(new Workload("Job " + job.getMetadata().getName(), job.getSpec().getTemplate()));
            }
        }).toList();
    }

    /** Every container of every Deployment and Job, keyed by where it is ("prod Job lct-migrate container migrate"). */
    static Map<String, Container> containers(String overlay) {
        Map<String, Container> containers = new LinkedHashMap<>();
        for (Workload workload : workloads(overlay)) {
            workload.containers().forEach(container -> containers.put(overlay + " " + workload.name() + " container " + container.getName(), container));
        }
        return containers;
    }

    private static Object typed(ObjectNode object) {
        try {
            return KubernetesSchemas.validate(object);
        } catch (KubernetesSchemas.SchemaViolation e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}

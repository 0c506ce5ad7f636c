package org.lct.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * The part of the CloudNativePG 1.27 API ({@code postgresql.cnpg.io/v1}) and of the Barman Cloud plugin's
 * ({@code barmancloud.cnpg.io/v1}) that deploy/ uses, with the fields' names, types, enums and required fields as
 * their API reference gives them. Read strictly ({@link KubernetesSchemas}): a field not listed here fails, so a
 * typo cannot pass; a real field deploy/ starts to use is added here after checking the API reference. The
 * complete check is the API server's, with the operator's CRDs installed:
 * {@code kubectl apply --dry-run=server -k deploy/overlays/prod}.
 */
final class CloudNativePg {

    private CloudNativePg() {
    }

    private static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, field + " is required");
    }

    private static void oneOf(String value, String field, String... allowed) {
        if (value != null && !Set.of(allowed).contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + List.of(allowed) + ", not " + value);
        }
    }

    record Cluster(String apiVersion, String kind, ObjectMeta metadata, ClusterSpec spec) {
        Cluster {
            required(spec, "spec");
        }
    }

    record ClusterSpec(Integer instances, String imageName, String primaryUpdateStrategy, Boolean enableSuperuserAccess,
            Bootstrap bootstrap, Managed managed, Postgresql postgresql, Storage storage, ResourceRequirements resources,
            Affinity affinity, List<Plugin> plugins) {
        ClusterSpec {
            if (required(instances, "spec.instances") < 1) {
                throw new IllegalArgumentException("spec.instances must be at least 1");
            }
            required(storage, "spec.storage");
            oneOf(primaryUpdateStrategy, "spec.primaryUpdateStrategy", "unsupervised", "supervised");
            plugins = plugins == null ? List.of() : plugins;
        }
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner, LocalObjectReference secret) {
    }

    record Managed(List<Role> roles) {
    }

    record Role(String name, String comment, String ensure, Boolean login, Boolean superuser, Boolean createdb,
            Boolean createrole, Boolean inherit, Boolean replication, Boolean bypassrls, Long connectionLimit, String validUntil,
            List<String> inRoles, LocalObjectReference passwordSecret, Boolean disablePassword) {
        Role {
            required(name, "managed.roles[].name");
            oneOf(ensure, "managed.roles[].ensure", "present", "absent");
            inRoles = inRoles == null ? List.of() : inRoles;
        }
    }

    record Postgresql(Map<String, String> parameters) {
    }

    record Storage(String size, String storageClass) {
        Storage {
            required(size, "spec.storage.size");
        }
    }

    record Affinity(Boolean enablePodAntiAffinity, String topologyKey, String podAntiAffinityType) {
        Affinity {
            oneOf(podAntiAffinityType, "spec.affinity.podAntiAffinityType", "preferred", "required");
        }
    }

    record Plugin(String name, Boolean enabled, Boolean isWALArchiver, Map<String, String> parameters) {
        Plugin {
            required(name, "plugins[].name");
        }
    }

    record ScheduledBackup(String apiVersion, String kind, ObjectMeta metadata, ScheduledBackupSpec spec) {
        ScheduledBackup {
            required(spec, "spec");
        }
    }

    record ScheduledBackupSpec(String schedule, Boolean immediate, Boolean suspend, String backupOwnerReference,
            LocalObjectReference cluster, String method, PluginReference pluginConfiguration, Boolean online, String target) {
        ScheduledBackupSpec {
            // CloudNativePG's schedule has six fields, seconds first; a five-field crontab line would be misread.
            if (required(schedule, "spec.schedule").trim().split("\\s+").length != 6) {
                throw new IllegalArgumentException("spec.schedule needs six fields (seconds first): " + schedule);
            }
            required(cluster, "spec.cluster");
            oneOf(backupOwnerReference, "spec.backupOwnerReference", "none", "self", "cluster");
            oneOf(method, "spec.method", "barmanObjectStore", "volumeSnapshot", "plugin");
            oneOf(target, "spec.target", "primary", "prefer-standby");
            if ("plugin".equals(method)) {
                required(pluginConfiguration, "spec.pluginConfiguration (method plugin)");
            }
        }
    }

    record PluginReference(String name, Map<String, String> parameters) {
        PluginReference {
            required(name, "pluginConfiguration.name");
        }
    }

    record ObjectStore(String apiVersion, String kind, ObjectMeta metadata, ObjectStoreSpec spec) {
        ObjectStore {
            required(spec, "spec");
        }
    }

    record ObjectStoreSpec(ObjectStoreConfiguration configuration, String retentionPolicy) {
        ObjectStoreSpec {
            required(configuration, "spec.configuration");
            if (retentionPolicy != null && !retentionPolicy.matches("[1-9][0-9]*[dwm]")) {
                throw new IllegalArgumentException("spec.retentionPolicy must be like 30d, 4w or 6m: " + retentionPolicy);
            }
        }
    }

    record ObjectStoreConfiguration(String destinationPath, String endpointURL, S3Credentials s3Credentials,
            Compression wal, Compression data) {
        ObjectStoreConfiguration {
            required(destinationPath, "spec.configuration.destinationPath");
        }
    }

    record S3Credentials(SecretKeySelector accessKeyId, SecretKeySelector secretAccessKey, SecretKeySelector region,
            SecretKeySelector sessionToken, Boolean inheritFromIAMRole) {
    }

    record Compression(String compression) {
        Compression {
            oneOf(compression, "compression", "bzip2", "gzip", "lz4", "snappy", "xz", "zstd");
        }
    }
}

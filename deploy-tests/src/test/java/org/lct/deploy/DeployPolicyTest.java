package org.lct.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** What every overlay must hold to, beyond its schema: probes, limits, restricted pods, secrets, wiring, rollout. */
class DeployPolicyTest {

    /** Secrets the operator creates (deploy/README.md, deploy/create-secrets.sh); none is ever rendered from git. */
    static final Set<String> OPERATOR_SECRETS = Set.of("lct-db-owner", "lct-db-district", "lct-db-enrichment",
            "lct-db-calculation", "lct-jwt", "lct-backup-s3", "lct-tls");
    /** The database login of each service: a member of its runtime group role (migrations V6, V7), never the owner. */
    private static final Map<String, String> SERVICE_DB_SECRETS = Map.of("district-service", "lct-db-district",
            "enrichment-service", "lct-db-enrichment", "calculation-service", "lct-db-calculation");
    private static final Map<String, String> SERVICE_DB_ROLES = Map.of("lct-db-district", "lct_reader",
            "lct-db-enrichment", "lct_enrichment_writer", "lct-db-calculation", "lct_calculation_writer");
    private static final List<String> SERVICES = List.of("district-service", "enrichment-service", "calculation-service");
    private static final long MIN_NON_HEAP_BYTES = 192L * 1024 * 1024;
    private static final Pattern RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceContainerHasStartupReadinessAndLivenessProbesOnQuarkusHealth(String overlay) {
        for (Deployment deployment : Manifests.all(overlay, Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = overlay + " Deployment " + deployment.getMetadata().getName() + " container " + container.getName();
                assertProbe(where + " startupProbe", container.getStartupProbe(), "/q/health/started", container);
                assertProbe(where + " readinessProbe", container.getReadinessProbe(), "/q/health/ready", container);
                assertProbe(where + " livenessProbe", container.getLivenessProbe(), "/q/health/live", container);
            }
        }
    }

    private static void assertProbe(String where, Probe probe, String path, Container container) {
        assertNotNull(probe, where + " is missing");
        assertNotNull(probe.getHttpGet(), where + " is not an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), where + " path");
        String port = probe.getHttpGet().getPort().getStrVal();
        assertTrue(container.getPorts().stream().map(ContainerPort::getName).anyMatch(port::equals),
                where + " port " + probe.getHttpGet().getPort() + " is not a named port of the container");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String overlay) {
        Manifests.containers(overlay).forEach((where, container) -> {
            Map<String, Quantity> requests = container.getResources().getRequests();
            Map<String, Quantity> limits = container.getResources().getLimits();
            for (String resource : List.of("cpu", "memory")) {
                assertTrue(requests.containsKey(resource), where + " requests no " + resource);
                assertTrue(limits.containsKey(resource), where + " has no " + resource + " limit");
                assertTrue(amount(requests.get(resource)).compareTo(amount(limits.get(resource))) <= 0,
                        where + " requests more " + resource + " than its limit");
            }
            // A memory request below the limit lets the node overcommit and OOM-kill the JVM under pressure.
            assertEquals(0, amount(limits.get("memory")).compareTo(amount(requests.get("memory"))), where + ": memory request equals the limit");
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyJvmHeapLeavesRoomInItsMemoryLimit(String overlay) {
        Manifests.containers(overlay).forEach((where, container) -> {
            String options = env(container, "JDK_JAVA_OPTIONS").orElseThrow(() -> new AssertionError(where + " sets no JDK_JAVA_OPTIONS"));
            Matcher percentage = RAM_PERCENTAGE.matcher(options);
            assertTrue(percentage.find(), where + " bounds its heap with -XX:MaxRAMPercentage: " + options);
            double heapShare = Double.parseDouble(percentage.group(1)) / 100;
            assertTrue(heapShare > 0 && heapShare <= 0.75, where + " heap share " + heapShare);
            long limit = amount(container.getResources().getLimits().get("memory")).longValueExact();
            long nonHeap = (long) (limit * (1 - heapShare));
            assertTrue(nonHeap >= MIN_NON_HEAP_BYTES, where + " leaves " + nonHeap / 1024 / 1024
                    + " MiB of its memory limit outside the heap; at least 192 MiB are needed (metaspace, code cache, threads)");
            assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), where + " exits on OutOfMemoryError so that it is restarted");
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodIsRestrictedAndRunsWithAReadOnlyRootFilesystem(String overlay) {
        for (Manifests.Workload workload : Manifests.workloads(overlay)) {
            String where = overlay + " " + workload.name();
            PodSpec pod = workload.template().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertNotNull(podSecurity, where + " has no pod securityContext");
            assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), where + " runAsNonRoot");
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), where + " seccompProfile");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), where + " mounts no service account token");
            assertNull(pod.getHostNetwork(), where + " hostNetwork");
            for (Container container : pod.getContainers()) {
                String inContainer = where + " container " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertNotNull(security, inContainer + " has no securityContext");
                assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), inContainer + " allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), inContainer + " readOnlyRootFilesystem");
                assertNotEquals(Boolean.TRUE, security.getPrivileged(), inContainer + " privileged");
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), inContainer + " drops all capabilities");
                assertTrue(security.getCapabilities().getAdd().isEmpty(), inContainer + " adds no capability");
                assertTrue(security.getRunAsUser() == null || security.getRunAsUser() != 0, inContainer + " runAsUser 0");
                String tmpVolume = container.getVolumeMounts().stream().filter(mount -> "/tmp".equals(mount.getMountPath()))
                        .map(mount -> mount.getName()).findFirst()
                        .orElseThrow(() -> new AssertionError(inContainer + " has no writable /tmp (the root filesystem is read-only)"));
                assertTrue(pod.getVolumes().stream().anyMatch(volume -> volume.getName().equals(tmpVolume) && volume.getEmptyDir() != null
                        && volume.getEmptyDir().getSizeLimit() != null), inContainer + " /tmp is a size-limited emptyDir");
            }
        }
    }

    private static void assertNotEquals(Object unexpected, Object actual, String message) {
        assertFalse(Objects.equals(unexpected, actual), message);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyNamespaceEnforcesTheRestrictedPodSecurityStandard(String overlay) {
        List<Namespace> namespaces = Manifests.all(overlay, Namespace.class);
        assertEquals(1, namespaces.size(), overlay + " renders its namespace");
        assertEquals("restricted", namespaces.getFirst().getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        String namespace = namespaces.getFirst().getMetadata().getName();
        for (Object object : Manifests.of(overlay)) {
            if (object instanceof HasMetadata resource && !(object instanceof Namespace)) {
                assertEquals(namespace, resource.getMetadata().getNamespace(), overlay + " " + resource.getKind() + " " + resource.getMetadata().getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinnedToAVersion(String overlay) {
        List<String> images = new ArrayList<>();
        Manifests.workloads(overlay).forEach(workload -> workload.containers().forEach(container -> images.add(container.getImage())));
        Manifests.all(overlay, CloudNativePg.Cluster.class).forEach(cluster -> images.add(cluster.spec().imageName()));
        for (String image : images) {
            assertNotNull(image, overlay + ": an image is missing");
            String lastPart = image.substring(image.lastIndexOf('/') + 1);
            assertTrue(image.contains("@sha256:") || lastPart.contains(":"), overlay + " image " + image + " has no tag");
            assertFalse(lastPart.endsWith(":latest"), overlay + " image " + image + " is not pinned");
            assertTrue(image.contains("/"), overlay + " image " + image + " names its repository (the overlay's images: entry is missing)");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theMigrationJobRunsTheEnrichmentServiceImageOnceBeforeTheServices(String overlay) {
        Job job = Manifests.named(overlay, Job.class, "lct-migrate").orElseThrow(() -> new AssertionError(overlay + " has no migration Job"));
        Container migrate = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Deployment enrichment = Manifests.named(overlay, Deployment.class, "enrichment-service").orElseThrow();
        assertEquals(enrichment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage(), migrate.getImage(),
                overlay + ": the Job runs the image of the migration owner");
        assertEquals(Optional.of("true"), env(migrate, "QUARKUS_INIT_AND_EXIT"), overlay + " Job QUARKUS_INIT_AND_EXIT");
        assertEquals(Optional.of("true"), env(migrate, "QUARKUS_FLYWAY_MIGRATE_AT_START"), overlay + " Job migrates");
        assertEquals("lct-db-owner", secretOf(migrate, "QUARKUS_DATASOURCE_USERNAME"), overlay + " Job logs in as the schema owner");
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertNotNull(job.getSpec().getBackoffLimit(), overlay + " Job backoffLimit");
        assertNotNull(job.getSpec().getActiveDeadlineSeconds(), overlay + " Job activeDeadlineSeconds");
        assertFalse(job.getMetadata().getLabels().containsKey("lct/rollout"), "the Job is applied in rollout.sh's first phase");
        for (Deployment deployment : Manifests.all(overlay, Deployment.class)) {
            String where = overlay + " Deployment " + deployment.getMetadata().getName();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertEquals("after-migration", deployment.getMetadata().getLabels().get("lct/rollout"), where + " rolls out after the Job");
            assertFalse(env(container, "QUARKUS_INIT_AND_EXIT").isPresent(), where + " serves");
            // every service's application.properties: migrate-at-start=false, validate-at-start=true
            boolean migrates = env(container, "QUARKUS_FLYWAY_MIGRATE_AT_START").map(Boolean::parseBoolean).orElse(false);
            assertFalse(migrates, where + " leaves migrating to the Job");
            boolean validates = env(container, "QUARKUS_FLYWAY_VALIDATE_AT_START").map(Boolean::parseBoolean).orElse(true);
            assertTrue(validates, where + " validates the schema at start");
            assertEquals(Optional.of("*:future"), env(container, "QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS"),
                    where + " tolerates the next release's migrations (expand/contract, MigrationJobTest)");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheMigrationJobGetsTheOwnersSecretAndEachServiceLogsInAsAMemberOfItsRole(String overlay) {
        for (Manifests.Workload workload : Manifests.workloads(overlay)) {
            boolean migrationJob = workload.name().equals("Job lct-migrate");
            for (Container container : workload.containers()) {
                boolean owner = container.getEnv().stream().anyMatch(variable -> variable.getValueFrom() != null
                        && variable.getValueFrom().getSecretKeyRef() != null
                        && variable.getValueFrom().getSecretKeyRef().getName().equals("lct-db-owner"))
                        || container.getEnvFrom().stream().anyMatch(source -> source.getSecretRef() != null
                        && source.getSecretRef().getName().equals("lct-db-owner"));
                assertEquals(migrationJob, owner, overlay + " " + workload.name()
                        + (migrationJob ? ": the migration Job logs in as the schema owner" : ": only the migration Job may use lct-db-owner"));
            }
        }
        for (String name : SERVICES) {
            Deployment deployment = Manifests.named(overlay, Deployment.class, name).orElseThrow();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            String expected = SERVICE_DB_SECRETS.get(name);
            assertEquals(expected, secretOf(container, "QUARKUS_DATASOURCE_USERNAME"), overlay + " " + name);
            assertEquals(expected, secretOf(container, "QUARKUS_DATASOURCE_PASSWORD"), overlay + " " + name);
        }
        for (CloudNativePg.Cluster cluster : Manifests.all(overlay, CloudNativePg.Cluster.class)) {
            List<CloudNativePg.Role> roles = cluster.spec().managed().roles();
            for (String group : List.of("lct_reader", "lct_enrichment_writer", "lct_calculation_writer")) {
                CloudNativePg.Role role = roles.stream().filter(r -> r.name().equals(group)).findFirst()
                        .orElseThrow(() -> new AssertionError(overlay + ": no managed group role " + group));
                assertNotEquals(Boolean.TRUE, role.login(), group + " is NOLOGIN");
            }
            for (Map.Entry<String, String> login : SERVICE_DB_ROLES.entrySet()) {
                CloudNativePg.Role user = roles.stream().filter(role -> role.passwordSecret() != null
                        && role.passwordSecret().getName().equals(login.getKey())).findFirst()
                        .orElseThrow(() -> new AssertionError(overlay + ": no managed role with the password of " + login.getKey()));
                assertEquals(List.of(login.getValue()), user.inRoles(), overlay + " " + user.name() + " is a member of " + login.getValue() + " only");
                assertEquals(Boolean.TRUE, user.login());
                for (Boolean privilege : new Boolean[] {user.superuser(), user.createdb(), user.createrole(), user.replication(),
                    user.bypassrls()}) {
                    assertNotEquals(Boolean.TRUE, privilege, overlay + " " + user.name() + " has no other privilege");
                }
            }
            assertEquals("lct-db-owner", cluster.spec().bootstrap().initdb().secret().getName(), overlay + " owner credentials");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretComesFromGitAndEveryReferencedOneIsDocumented(String overlay) throws IOException {
        assertTrue(Manifests.all(overlay, Secret.class).isEmpty(), overlay + " renders a Secret: credentials never live in git");
        Set<String> referenced = new TreeSet<>();
        for (Manifests.Workload workload : Manifests.workloads(overlay)) {
            workload.template().getSpec().getVolumes().stream().filter(volume -> volume.getSecret() != null)
                    .forEach(volume -> referenced.add(volume.getSecret().getSecretName()));
            workload.containers().forEach(container -> container.getEnv().stream()
                    .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
                    .forEach(variable -> referenced.add(variable.getValueFrom().getSecretKeyRef().getName())));
        }
        Manifests.all(overlay, Ingress.class).forEach(ingress -> ingress.getSpec().getTls().forEach(tls -> referenced.add(tls.getSecretName())));
        for (CloudNativePg.Cluster cluster : Manifests.all(overlay, CloudNativePg.Cluster.class)) {
            referenced.add(cluster.spec().bootstrap().initdb().secret().getName());
            cluster.spec().managed().roles().stream().filter(role -> role.passwordSecret() != null)
                    .forEach(role -> referenced.add(role.passwordSecret().getName()));
        }
        for (CloudNativePg.ObjectStore store : Manifests.all(overlay, CloudNativePg.ObjectStore.class)) {
            CloudNativePg.S3Credentials s3 = store.spec().configuration().s3Credentials();
            Stream.of(s3.accessKeyId(), s3.secretAccessKey()).filter(Objects::nonNull).forEach(key -> referenced.add(key.getName()));
        }
        assertTrue(OPERATOR_SECRETS.containsAll(referenced), overlay + " refers to undocumented Secrets: " + referenced);
        String readme = Files.readString(Kustomize.DEPLOY.resolve("README.md"));
        String script = Files.readString(Kustomize.DEPLOY.resolve("create-secrets.sh"));
        for (String secret : referenced) {
            assertTrue(readme.contains(secret), "deploy/README.md documents the Secret " + secret);
        }
        for (String secret : List.of("lct-db-owner", "lct-db-district", "lct-db-enrichment", "lct-db-calculation", "lct-jwt")) {
            assertTrue(script.contains(secret), "deploy/create-secrets.sh creates " + secret);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesIngressAndConfigMapsPointAtWhatTheOverlayRenders(String overlay) {
        for (String name : SERVICES) {
            Deployment deployment = Manifests.named(overlay, Deployment.class, name).orElseThrow(() -> new AssertionError(overlay + " has no " + name));
            Service service = Manifests.named(overlay, Service.class, name).orElseThrow(() -> new AssertionError(overlay + " has no Service " + name));
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), overlay + " Service " + name + " selects its pods");
            assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()));
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertTrue(container.getPorts().stream().anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal())),
                        overlay + " Service " + name + " targets a named container port");
            }
        }
        for (Ingress ingress : Manifests.all(overlay, Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                String backend = path.getBackend().getService().getName();
                Service service = Manifests.named(overlay, Service.class, backend).orElseThrow(() -> new AssertionError(overlay + " Ingress routes to missing " + backend));
                assertTrue(service.getSpec().getPorts().stream().anyMatch(port -> port.getName().equals(path.getBackend().getService().getPort().getName())));
            }));
        }
        for (Manifests.Workload workload : Manifests.workloads(overlay)) {
            workload.containers().forEach(container -> container.getEnvFrom().forEach(source -> assertTrue(
                    Manifests.named(overlay, ConfigMap.class, source.getConfigMapRef().getName()).isPresent(),
                    overlay + " " + workload.name() + " reads a ConfigMap the overlay renders")));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndLetOnlyTheServicesReachPostgres(String overlay) {
        List<NetworkPolicy> policies = Manifests.all(overlay, NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(policy -> isEmpty(policy.getSpec().getPodSelector())
                && policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && policy.getSpec().getIngress().isEmpty() && policy.getSpec().getEgress().isEmpty()), overlay + " has a default-deny policy");
        for (CloudNativePg.Cluster cluster : Manifests.all(overlay, CloudNativePg.Cluster.class)) {
            Map<String, String> databasePods = Map.of("cnpg.io/cluster", cluster.metadata().getName());
            NetworkPolicy ingress = policies.stream().filter(policy -> databasePods.equals(policy.getSpec().getPodSelector().getMatchLabels())
                    && policy.getSpec().getPolicyTypes().contains("Ingress")).findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + " has no ingress policy for the PostgreSQL pods"));
            ingress.getSpec().getIngress().forEach(rule -> rule.getFrom().forEach(peer -> assertTrue(peer.getIpBlock() == null,
                    overlay + ": PostgreSQL accepts no address range, only pods and the operator's namespace")));
            NetworkPolicy egress = policies.stream().filter(policy -> policy.getSpec().getPolicyTypes().equals(List.of("Egress"))
                    && policy.getSpec().getEgress().stream().anyMatch(rule -> rule.getTo().stream()
                            .anyMatch(peer -> peer.getPodSelector() != null && databasePods.equals(peer.getPodSelector().getMatchLabels()))
                            && rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 5432))
                    && !databasePods.equals(policy.getSpec().getPodSelector().getMatchLabels())).findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + " lets nothing reach PostgreSQL"));
            for (Manifests.Workload workload : Manifests.workloads(overlay)) {
                assertTrue(selects(egress.getSpec().getPodSelector(), workload.template().getMetadata().getLabels()),
                        overlay + " " + workload.name() + " may reach PostgreSQL");
            }
        }
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector.getMatchLabels().isEmpty() && selector.getMatchExpressions().isEmpty();
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        boolean matchLabels = labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        boolean matchExpressions = selector.getMatchExpressions().stream().allMatch(expression -> switch (expression.getOperator()) {
            case "In" -> expression.getValues().contains(labels.get(expression.getKey()));
            case "NotIn" -> !expression.getValues().contains(labels.get(expression.getKey()));
            case "Exists" -> labels.containsKey(expression.getKey());
            case "DoesNotExist" -> !labels.containsKey(expression.getKey());
            default -> throw new AssertionError("unknown operator " + expression.getOperator());
        });
        return matchLabels && matchExpressions;
    }

    /**
     * Writers and the migration Job reach the primary ({@code <cluster>-rw}); district-service reads from the
     * standbys ({@code <cluster>-ro}) where the cluster has some, and then reads each request in one snapshot.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyWriterUsesThePrimaryAndDistrictServiceReadsFromStandbysWhereThereAreAny(String overlay) {
        CloudNativePg.Cluster cluster = Manifests.all(overlay, CloudNativePg.Cluster.class).getFirst();
        String primary = "jdbc:postgresql://" + cluster.metadata().getName() + "-rw:5432/";
        String standbys = "jdbc:postgresql://" + cluster.metadata().getName() + "-ro:5432/";
        for (Manifests.Workload workload : Manifests.workloads(overlay)) {
            for (Container container : workload.containers()) {
                String where = overlay + " " + workload.name();
                String url = effectiveEnv(overlay, container, "QUARKUS_DATASOURCE_JDBC_URL")
                        .orElseThrow(() -> new AssertionError(where + " names no database"));
                boolean readsFromStandbys = effectiveEnv(overlay, container, "LCT_DISTRICT_READS_FROM_STANDBYS")
                        .map(Boolean::parseBoolean).orElse(false);
                if (workload.name().equals("Deployment district-service") && cluster.spec().instances() > 1) {
                    assertTrue(url.startsWith(standbys), where + " reads from the standbys: " + url);
                    assertTrue(readsFromStandbys, where + " reads each request in one snapshot (ETags stay honest)");
                } else {
                    assertTrue(url.startsWith(primary), where + " uses the primary: " + url);
                    assertFalse(readsFromStandbys, where + " reads from the primary and keeps the cached data version");
                }
            }
        }
    }

    @Test
    void prodStandbysServeLongReadsWithoutBeingCancelledByVacuum() {
        CloudNativePg.Cluster cluster = Manifests.all("prod", CloudNativePg.Cluster.class).getFirst();
        Map<String, String> parameters = cluster.spec().postgresql().parameters();
        assertEquals("on", parameters.get("hot_standby_feedback"), "standby reads hold back the primary's vacuum");
        assertNotNull(parameters.get("max_standby_streaming_delay"), "how long replay waits for a standby read is explicit");
    }

    /** A container's variable as Kubernetes resolves it: {@code env} wins over the ConfigMaps of {@code envFrom}. */
    private static Optional<String> effectiveEnv(String overlay, Container container, String name) {
        Optional<String> own = env(container, name);
        if (own.isPresent()) {
            return own;
        }
        return container.getEnvFrom().stream().filter(source -> source.getConfigMapRef() != null)
                .map(source -> Manifests.named(overlay, ConfigMap.class, source.getConfigMapRef().getName()).orElseThrow())
                .map(config -> config.getData().get(name)).filter(Objects::nonNull).findFirst();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void anAutoscaledDeploymentLeavesItsReplicaCountToTheAutoscaler(String overlay) {
        for (HorizontalPodAutoscaler autoscaler : Manifests.all(overlay, HorizontalPodAutoscaler.class)) {
            String target = autoscaler.getSpec().getScaleTargetRef().getName();
            Deployment deployment = Manifests.named(overlay, Deployment.class, target).orElseThrow(() -> new AssertionError(overlay + " HPA targets missing " + target));
            assertNull(deployment.getSpec().getReplicas(), overlay + " Deployment " + target + " sets replicas although an HPA scales it");
        }
    }

    @Test
    void prodScalesDistrictServiceAndProtectsItFromVoluntaryDisruption() {
        HorizontalPodAutoscaler autoscaler = Manifests.named("prod", HorizontalPodAutoscaler.class, "district-service").orElseThrow();
        assertEquals("Deployment", autoscaler.getSpec().getScaleTargetRef().getKind());
        assertTrue(autoscaler.getSpec().getMinReplicas() >= 2, "at least two replicas, so that one can be disrupted");
        assertTrue(autoscaler.getSpec().getMaxReplicas() > autoscaler.getSpec().getMinReplicas());
        PodDisruptionBudget budget = Manifests.named("prod", PodDisruptionBudget.class, "district-service").orElseThrow();
        Deployment deployment = Manifests.named("prod", Deployment.class, "district-service").orElseThrow();
        assertTrue(selects(budget.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()), "the PDB covers district-service");
        assertTrue(budget.getSpec().getMinAvailable().getIntVal() < autoscaler.getSpec().getMinReplicas(), "a drain can proceed");
        CloudNativePg.Cluster cluster = Manifests.all("prod", CloudNativePg.Cluster.class).getFirst();
        assertTrue(cluster.spec().instances() >= 3, "prod PostgreSQL has standbys");
        assertTrue(cluster.spec().plugins().stream().anyMatch(plugin -> Boolean.TRUE.equals(plugin.isWALArchiver())), "prod archives WAL");
        assertFalse(Manifests.all("prod", CloudNativePg.ScheduledBackup.class).isEmpty(), "prod has scheduled backups");
        assertFalse(Manifests.all("prod", Ingress.class).getFirst().getSpec().getTls().isEmpty(), "prod serves TLS");
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue).filter(Objects::nonNull).findFirst();
    }

    private static String secretOf(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name) && variable.getValueFrom() != null)
                .map(variable -> variable.getValueFrom().getSecretKeyRef().getName()).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " takes " + name + " from no Secret"));
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }
}

package org.lct.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The Ingress sends every operation of the three committed OpenAPI documents (docs/openapi) to the service that
 * serves it, as an ingress controller matches {@code Prefix} paths: by whole path elements, the longest match
 * winning. A path has one owner: no path is in two documents, so no operation is out of the Ingress's reach.
 */
class IngressRoutingTest {

    private static final Pattern PATH_KEY = Pattern.compile("  ['\"]?(/[^'\":]*)['\"]?:\\s*");
    private static final List<String> SERVICES = List.of("district-service", "enrichment-service", "calculation-service");

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shouldRouteEveryDocumentedPathToTheServiceThatServesIt(String overlay) throws IOException {
        List<Ingress> ingresses = Manifests.all(overlay, Ingress.class);
        assertEquals(1, ingresses.size(), overlay + " has one Ingress");
        assertEquals(1, ingresses.getFirst().getSpec().getRules().size(), overlay + " serves one host");
        List<HTTPIngressPath> rules = ingresses.getFirst().getSpec().getRules().getFirst().getHttp().getPaths();
        Map<String, String> misrouted = new TreeMap<>();
        int paths = 0;
        for (String service : SERVICES) {
            for (String path : documentedPaths(service)) {
                paths++;
                String backend = backendOf(rules, path);
                if (!service.equals(backend)) {
                    misrouted.put(service + " " + path, String.valueOf(backend));
                }
            }
        }
        assertFalse(paths < 30, "the OpenAPI documents list the services' paths (" + paths + ")");
        assertEquals(Map.of(), misrouted, overlay + ": documented paths the Ingress sends elsewhere (path -> backend)");
        // the dashboard is not in the OpenAPI documents; district-service serves its page, assets and config
        for (String page : List.of("/dashboard", "/dashboard/", "/dashboard/config.json", "/dashboard/assets/app.js")) {
            assertEquals("district-service", backendOf(rules, page), overlay + ": " + page);
        }
    }

    @Test
    void shouldGiveEveryPathOneOwner() throws IOException {
        Map<String, List<String>> owners = new TreeMap<>();
        for (String service : SERVICES) {
            for (String path : documentedPaths(service)) {
                // {nces_id} and {id} name the same position: compare the templates with their variables blanked
                owners.computeIfAbsent(path.replaceAll("\\{[^}]*}", "{}"), key -> new ArrayList<>()).add(service);
            }
        }
        owners.values().removeIf(services -> services.size() == 1);
        assertEquals(Map.of(), owners, "paths documented by more than one service (an Ingress cannot route them by method)");
    }

    /** The keys of the document's top-level "paths" map (read as lines: the documents' examples trip a YAML 1.1 reader). */
    private static List<String> documentedPaths(String service) throws IOException {
        List<String> lines = Files.readAllLines(Kustomize.ROOT.resolve("docs/openapi").resolve(service + ".yaml"));
        List<String> paths = new ArrayList<>();
        boolean inPaths = false;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.equals("paths:");
            } else if (inPaths) {
                Matcher path = PATH_KEY.matcher(line);
                if (path.matches()) {
                    paths.add(path.group(1));
                }
            }
        }
        return paths;
    }

    /** The backend service of the longest Prefix rule matching the path element by element, or null. */
    private static String backendOf(List<HTTPIngressPath> rules, String path) {
        List<String> elements = elements(path);
        return rules.stream()
                .filter(rule -> "Prefix".equals(rule.getPathType()))
                .filter(rule -> {
                    List<String> prefix = elements(rule.getPath());
                    return prefix.size() <= elements.size() && elements.subList(0, prefix.size()).equals(prefix);
                })
                .max(Comparator.comparingInt(rule -> elements(rule.getPath()).size()))
                .map(rule -> rule.getBackend().getService().getName())
                .orElse(null);
    }

    private static List<String> elements(String path) {
        return List.of(path.split("/")).stream().filter(element -> !element.isEmpty()).toList();
    }
}

package com.example;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This pom declares what the generated client needs at the versions the generator asks for: each dependency of the
 * pom it generates beside the code (target/generated-sources/openapi/pom.xml), test ones aside, with the same
 * version and scope. A new generator version that moves them fails here.
 */
class GeneratedPomTests {
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    @Test
    void everyDependencyOfTheGeneratedPomIsThisPomsAtItsVersion() throws Exception {
        Path generatedPom = Path.of("target/generated-sources/openapi/pom.xml");
        assertThat(generatedPom).as("the pom openapi-generator-maven-plugin wrote beside the client").isRegularFile();

        List<String> wanted = dependencies(Files.readString(generatedPom)).stream()
                .filter(d -> !d.endsWith(":test")).toList();
        assertThat(wanted).as("the generated client's dependencies").isNotEmpty();
        assertThat(dependencies(Files.readString(Path.of("pom.xml"))))
                .as("this pom's dependencies (group:artifact:version:scope)").containsAll(wanted);
    }

    /** group:artifact:version:scope of each dependency, properties resolved (compile when no scope is given). */
    private static List<String> dependencies(String pom) {
        Map<String, String> properties = new HashMap<>();
        Matcher block = Pattern.compile("<properties>(.*?)</properties>", Pattern.DOTALL).matcher(pom);
        while (block.find()) {
            Matcher property = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>").matcher(block.group(1));
            while (property.find()) {
                properties.put(property.group(1), property.group(2).strip());
            }
        }
        List<String> found = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(pom);
        while (dependency.find()) {
            String text = dependency.group(1);
            String version = resolve(field(text, "version"), properties);
            String scope = field(text, "scope");
            found.add(field(text, "groupId") + ":" + field(text, "artifactId") + ":" + version + ":"
                    + (scope.isEmpty() ? "compile" : scope));
        }
        return found;
    }

    private static String field(String xml, String name) {
        Matcher found = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return found.find() ? found.group(1).strip() : "";
    }

    private static String resolve(String value, Map<String, String> properties) {
        Matcher reference = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        return reference.matches() ? properties.getOrDefault(reference.group(1), value) : value;
    }
}

package com.example;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This project is the README's section "OpenAPI: api-spec/openapi.yaml" made to run: its Java block is the snippet
 * between the markers in GeneratedClientExampleTests (the base URL aside), its generator command is this pom's
 * openapi-generator-maven-plugin configuration, option for option, and its imports are the test's. Any drift fails here.
 * Needs no service.
 */
class ReadmeSnippetTests {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path TEST = Path.of("src/test/java/com/example/GeneratedClientExampleTests.java");
    private static final String README_URL = "\"http://127.0.0.1:8080\"";

    private static String section;

    @BeforeAll
    static void readTheReadme() throws Exception {
        Path readme = PROJECT.resolve("../../README.md").normalize();
        assertThat(readme).as("the sendgate repository's README, two levels above this project").isRegularFile();
        Matcher found = Pattern.compile("\n## OpenAPI: `api-spec/openapi\\.yaml`\n(.*?)(?=\n## |\\z)", Pattern.DOTALL)
                .matcher(Files.readString(readme));
        assertThat(found.find()).as("the README has its section OpenAPI: `api-spec/openapi.yaml`").isTrue();
        section = found.group(1);
    }

    @Test
    void theJavaBlockIsTheTestsSnippetWithOnlyTheBaseUrlChanged() throws Exception {
        String shown = blocks("java").get(0);
        assertThat(blocks("java")).as("one ```java block in the section").hasSize(1);
        assertThat(shown.split(Pattern.quote(README_URL), -1)).as("the README's snippet names " + README_URL + " once")
                .hasSize(2);

        Matcher marked = Pattern.compile("\n[ \t]*// README snippet begins\n(.*?)\n[ \t]*// README snippet ends\n",
                Pattern.DOTALL).matcher(Files.readString(PROJECT.resolve(TEST)));
        assertThat(marked.find()).as(TEST + " has the README snippet between its marker comments").isTrue();

        assertThat(marked.group(1).stripIndent() + "\n")
                .as("the snippet in " + TEST + " is the README's, with " + README_URL + " replaced by baseUrl")
                .isEqualTo(shown.replace(README_URL, "baseUrl"));
    }

    @Test
    void theImportsTheReadmeNamesAreTheTests() throws Exception {
        Matcher line = Pattern.compile("\\(Imports: (.*?)\\)", Pattern.DOTALL).matcher(section);
        assertThat(line.find()).as("the README names the snippet's imports").isTrue();
        List<String> named = new ArrayList<>();
        Matcher each = Pattern.compile("`([^`]+)`").matcher(line.group(1));
        while (each.find()) {
            named.add("import " + each.group(1) + ";");
        }
        List<String> imports = Files.readAllLines(PROJECT.resolve(TEST)).stream()
                .filter(l -> l.startsWith("import ") && !l.startsWith("import static ") && !l.contains("org.junit"))
                .toList();
        assertThat(imports).as("the imports of " + TEST + " besides JUnit's").containsExactlyInAnyOrderElementsOf(named);
    }

    @Test
    void theGeneratorCommandIsThisPomsPluginConfiguration() throws Exception {
        String command = blocks("sh").stream().filter(b -> b.contains("openapi-generator-cli") && b.contains(" generate "))
                .findFirst().orElseThrow(() -> new AssertionError("no ```sh block with openapi-generator-cli's generate"));
        String pom = Files.readString(PROJECT.resolve("pom.xml"));
        Matcher plugin = Pattern.compile("<artifactId>openapi-generator-maven-plugin</artifactId>(.*?)</plugin>",
                Pattern.DOTALL).matcher(pom);
        assertThat(plugin.find()).as("the pom has openapi-generator-maven-plugin").isTrue();
        String configuration = plugin.group(1);

        Matcher version = Pattern.compile("openapi-generator-cli:(\\S+) ").matcher(command);
        assertThat(version.find()).as("the README's openapi-generator-cli version").isTrue();
        assertThat(element(pom, "openapi-generator.version")).as("the plugin's version").isEqualTo(version.group(1));
        assertThat(command).contains("openapi-generator-cli-" + version.group(1) + ".jar generate ");

        List<String> words = List.of(command.replace("\\\n", " ")
                .replaceAll("(?s)^.*?\\.jar generate ", "").replaceAll("(?s)\n.*", "").trim().split("\\s+"));
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < words.size(); i += 2) {
            options.put(words.get(i), words.get(i + 1));
        }
        Map<String, String> names = Map.of("-g", "generatorName", "--library", "library", "--api-package", "apiPackage",
                "--model-package", "modelPackage", "--invoker-package", "invokerPackage", "--group-id", "groupId",
                "--artifact-id", "artifactId", "--artifact-version", "artifactVersion");
        assertThat(options.keySet()).as("the README's generate options: " + options)
                .containsExactlyInAnyOrder("-i", "-o", "-g", "--library", "--api-package", "--model-package",
                        "--invoker-package", "--group-id", "--artifact-id", "--artifact-version");
        assertThat(options.get("-i")).isEqualTo("api-spec/openapi.yaml");
        assertThat(element(configuration, "inputSpec")).isEqualTo("${project.basedir}/../../" + options.get("-i"));
        names.forEach((option, element) -> assertThat(element(configuration, element))
                .as("the pom's <" + element + ">, the README's " + option).isEqualTo(options.get(option)));
    }

    /** The section's fenced blocks of this language. */
    private static List<String> blocks(String language) {
        Matcher fence = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> found = new ArrayList<>();
        while (fence.find()) {
            found.add(fence.group(1));
        }
        assertThat(found).as("a ```" + language + " block in the README's OpenAPI section").isNotEmpty();
        return found;
    }

    /** The text of the one element of this name in this part of the pom. */
    private static String element(String xml, String name) {
        Matcher found = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(xml);
        assertThat(found.find()).as("the pom has <" + name + ">").isTrue();
        String text = found.group(1);
        assertThat(found.find()).as("the pom has one <" + name + "> there").isFalse();
        return text;
    }
}

package io.sendgate.testcontainers;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Testcontainers example is examples/testcontainers-junit, a Maven project of its own that the
 * repository's {@code ./mvnw verify} runs against the image: its test class is the README's Java block, whole, and the
 * README's XML block is its pom's dependencies, so that the two cannot drift apart. Needs no Docker.
 */
class ReadmeExampleTests {
    private static final Path EXAMPLE = Path.of("examples/testcontainers-junit");

    private static Path repository;
    private static String section;

    @BeforeAll
    static void readTheReadme() throws Exception {
        repository = ReadmeDockerTests.repositoryRoot();
        Matcher found = Pattern.compile("\n## Testcontainers module\n(.*?)(?=\n## |\\z)", Pattern.DOTALL)
                .matcher(Files.readString(repository.resolve("README.md")));
        assertThat(found.find()).as("the README has its Testcontainers module section").isTrue();
        section = found.group(1);
    }

    @Test
    void theJavaBlockIsTheExamplesTestClassWhole() throws Exception {
        Path test = EXAMPLE.resolve("src/test/java/com/example/SendgateExampleTests.java");

        assertThat(block("java")).as("the README's Java block is " + test + " as it is")
                .isEqualTo(Files.readString(repository.resolve(test)));
        assertThat(section).as("the README names the file it shows").contains("`" + test.subpath(2, test.getNameCount()) + "`");
    }

    @Test
    void theXmlBlockIsThePartOfTheExamplesPomWithItsDependencies() throws Exception {
        List<String> shown = stripped(block("xml"));
        List<String> pom = stripped(Files.readString(repository.resolve(EXAMPLE.resolve("pom.xml"))));

        assertThat(shown).as("the README's XML block").contains("<artifactId>sendgate-testcontainers</artifactId>",
                "<artifactId>spring-boot-dependencies</artifactId>");
        assertThat(java.util.Collections.indexOfSubList(pom, shown))
                .as("the README's XML block, line by line, is a part of examples/testcontainers-junit/pom.xml:\n"
                        + String.join("\n", shown)).isNotNegative();
    }

    /** The section's one fenced block of this language. */
    private static String block(String language) {
        Matcher fence = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(fence.find()).as("a ```" + language + " block in the README's Testcontainers section").isTrue();
        String found = fence.group(1);
        assertThat(fence.find()).as("one ```" + language + " block in the README's Testcontainers section").isFalse();
        return found;
    }

    private static List<String> stripped(String text) {
        return text.lines().map(String::strip).toList();
    }
}

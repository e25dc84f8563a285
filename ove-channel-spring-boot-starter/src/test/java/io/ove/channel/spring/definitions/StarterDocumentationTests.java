package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code docs/starter.md} in sync with the starter: every property of the generated
 * configuration metadata, and every key a declared channel accepts, is documented there.
 */
class StarterDocumentationTests {

    @Test
    void everyPropertyIsDocumentedInStarterMd() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "starter.md"));
        List<String> properties = new ArrayList<>();
        try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).as("generated configuration metadata").isNotNull();
            JsonNode root = JsonMapper.builder().build().readTree(metadata);
            for (JsonNode property : root.get("properties")) {
                String name = property.get("name").asString();
                if (!name.equals("ove.channel.channels")) {
                    properties.add(name);
                }
            }
        }
        ChannelDefinitions.KEYS.values().forEach(key -> properties.add("ove.channel.channels.<name>." + key));

        assertThat(properties).contains("ove.channel.shutdown.drain-timeout", "ove.channel.channels.<name>.capacity");
        assertThat(properties).allSatisfy(property ->
                assertThat(docs).as("docs/starter.md documents %s", property).contains("`" + property + "`"));
    }
}

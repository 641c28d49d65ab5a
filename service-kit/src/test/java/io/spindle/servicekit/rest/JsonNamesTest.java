package io.spindle.servicekit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonNamesTest {

    @Test
    void camelCaseBecomesSnakeCase() {
        assertThat(JsonNames.snakeCase("accessKeyId")).isEqualTo("access_key_id");
        assertThat(JsonNames.snakeCase("name")).isEqualTo("name");
        assertThat(JsonNames.snakeCase("isDefault")).isEqualTo("is_default");
    }
}

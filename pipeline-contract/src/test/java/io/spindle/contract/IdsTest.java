package io.spindle.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void generatedIdsMatchTheirKindAndNoOther() {
        String id = Ids.newId(IdKind.CONNECTION);
        assertThat(id).matches("con_[a-z0-9]{16}");
        assertThat(IdKind.CONNECTION.matches(id)).isTrue();
        assertThat(IdKind.TASK.matches(id)).isFalse();
    }

    @Test
    void malformedIdsAreRejected() {
        assertThat(IdKind.CONNECTION.matches(null)).isFalse();
        assertThat(IdKind.CONNECTION.matches("con_ABCDEFGH12345678")).isFalse();
        assertThat(IdKind.CONNECTION.matches("con_abc")).isFalse();
        assertThat(IdKind.CONNECTION.matches("con_abcdefgh123456789")).isFalse();
        assertThat(IdKind.CONNECTION.matches("conn_abcdefgh1234567")).isFalse();
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(Ids.newId(IdKind.RUN))).isTrue();
        }
    }
}

package routes.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void requestIdsKeepSaneClientValuesOnly() {
        assertThat(RequestIds.accept("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
        assertThat(RequestIds.accept("two words")).isNotEqualTo("two words").hasSize(36);
        assertThat(RequestIds.accept("line\nbreak")).doesNotContain("\n");
        assertThat(RequestIds.accept("x".repeat(129))).hasSize(36);
        assertThat(RequestIds.accept(null)).hasSize(36);
        assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
    }
}

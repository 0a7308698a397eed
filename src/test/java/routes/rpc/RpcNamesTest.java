package routes.rpc;

import org.junit.jupiter.api.Test;

import routes.http.HttpError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpcNamesTest {

    @Test
    void wellFormedNamesPass() {
        assertThat(RpcNames.check("greeting_service", "hello")).isEqualTo("greeting_service.hello");
        assertThat(RpcNames.check("a-b_C9", "x".repeat(64))).hasSize(6 + 1 + 64);
    }

    @Test
    void theNameIsReadFromThePath() {
        assertThat(RpcNames.fromPath("/greeting_service.hello")).isEqualTo("greeting_service.hello");
        assertThat(RpcNames.fromPath("/greeting_service.hello?first_name=x")).isEqualTo("greeting_service.hello");
        assertThat(RpcNames.fromPath("/greeting%5Fservice.hello")).isEqualTo("greeting_service.hello");
        for (String path : new String[] {"/%ZZ.x", "/a+b.c", "/nodot", "/", "/a.b.c"}) {
            assertThatThrownBy(() -> RpcNames.fromPath(path)).as(path)
                    .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void malformedNamesAre400() {
        for (String[] name : new String[][] {{"a.b", "c"}, {"", "c"}, {"a", ""}, {"*", "x"}, {"a", ">"}, {"$SYS", "x"},
                {"s".repeat(65), "m"}, {"a b", "c"}, {"caf\u00e9", "x"}, {"a", "b\n"}}) {
            assertThatThrownBy(() -> RpcNames.check(name[0], name[1])).as(String.join(".", name))
                    .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void theAllowlistIsGlobsAndNeverLetsInboxesOrSystemSubjectsThrough() {
        RpcNames names = RpcNames.allowing(" greeting_service.* , thing_service.get_?hings,*.public");
        assertThat(names.allows("greeting_service.hello")).isTrue();
        assertThat(names.allows("thing_service.get_things")).isTrue();
        assertThat(names.allows("thing_service.create_thing")).isFalse();
        assertThat(names.allows("any.public")).isTrue();
        assertThat(names.allows("greeting_servicex.hello")).isFalse();
        RpcNames everything = RpcNames.allowing("*");
        assertThat(everything.allows("_INBOX.x")).isFalse();
        assertThat(everything.allows("$SYS.x")).isFalse();
        assertThat(RpcNames.allowing("").allows("greeting_service.hello")).isFalse();
        assertThatThrownBy(() -> names.requireAllowed("secret.x"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}

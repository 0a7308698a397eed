package routes.rpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketSubjectsTest {

    @Test
    void theDefaultAllowsItsSubjectsAndNoWildcard() {
        SocketSubjects subjects = SocketSubjects.allowing("websocket_test.*");
        assertThat(subjects.subscribable("websocket_test.websocket_test")).isEqualTo("websocket_test.websocket_test");
        assertThat(subjects.publishable("websocket_test.a")).isEqualTo("websocket_test.a");
        assertRefused(() -> subjects.subscribable("websocket_test.*"), FrameRefused.NOT_AUTHORIZED);
        assertRefused(() -> subjects.subscribable("websocket_test.>"), FrameRefused.NOT_AUTHORIZED);
        assertRefused(() -> subjects.subscribable("other.a"), FrameRefused.NOT_AUTHORIZED);
    }

    @Test
    void wildcardsOnlyUnderAPatternEndingInGreaterThan() {
        SocketSubjects subjects = SocketSubjects.allowing("news.>");
        assertThat(subjects.subscribable("news.*")).isEqualTo("news.*");
        assertThat(subjects.subscribable("news.>")).isEqualTo("news.>");
        assertThat(subjects.subscribable("news.eu.*")).isEqualTo("news.eu.*");
        assertRefused(() -> subjects.subscribable("*.news"), FrameRefused.NOT_AUTHORIZED);
        assertRefused(() -> subjects.subscribable(">"), FrameRefused.NOT_AUTHORIZED);
        assertRefused(() -> subjects.publishable("news.*"), FrameRefused.INVALID_URI);
    }

    @Test
    void systemAndReplySubjectsOnlyUnderPatternsThatNameThem() {
        SocketSubjects everything = SocketSubjects.allowing("*,>");
        assertRefused(() -> everything.subscribable("$SYS.REQ.SERVER.PING"), FrameRefused.NOT_AUTHORIZED);
        assertRefused(() -> everything.subscribable("$SYS.>"), FrameRefused.NOT_AUTHORIZED);
        assertRefused(() -> everything.publishable("_INBOX.abc"), FrameRefused.NOT_AUTHORIZED);
        assertThat(everything.subscribable("any.thing.*")).isEqualTo("any.thing.*");
        SocketSubjects system = SocketSubjects.allowing("$SYS.REQ.*,_INBOX.>");
        assertThat(system.publishable("$SYS.REQ.SERVER")).isEqualTo("$SYS.REQ.SERVER");
        assertThat(system.subscribable("_INBOX.*")).isEqualTo("_INBOX.*");
    }

    @Test
    void malformedSubjectsAreInvalidUris() {
        SocketSubjects subjects = SocketSubjects.allowing("*");
        for (String bad : new String[] {"", "a..b", ".a", "a.", "a b", "a\tb", "a\u0000", "a*", "a.>.b", "x".repeat(257)}) {
            assertRefused(() -> subjects.subscribable(bad), FrameRefused.INVALID_URI);
        }
        assertRefused(() -> subjects.subscribable(42), FrameRefused.INVALID_URI);
        assertThat(subjects.subscribable("x".repeat(256))).hasSize(256);
    }

    private static void assertRefused(Runnable check, String uri) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(FrameRefused.class,
                refused -> assertThat(refused.uri()).isEqualTo(uri));
    }
}

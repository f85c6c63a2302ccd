package io.postfixinsights.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class BrowserTest {

    @Test
    void should_fail_in_ci_when_the_browser_is_missing() {
        assertThatThrownBy(() -> Browser.requireInstalled(false, Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("chromium/chromedriver not installed: run .ci/install-test-deps.sh");
    }

    @Test
    void should_skip_outside_ci_when_the_browser_is_missing() {
        assertThatThrownBy(() -> Browser.requireInstalled(false, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("chromium/chromedriver not installed: run .ci/install-test-deps.sh");
    }

    @Test
    void should_go_on_when_the_browser_is_installed() {
        assertThatCode(() -> Browser.requireInstalled(true, Map.of("CI", "true")))
                .doesNotThrowAnyException();
    }

    @Test
    void should_count_only_urls_that_leave_the_machine_as_external() {
        assertThat(Browser.leavesTheMachine("file:///tmp/report/index.html")).isFalse();
        assertThat(Browser.leavesTheMachine("data:image/png;base64,AAAA")).isFalse();
        assertThat(Browser.leavesTheMachine("about:blank")).isFalse();
        assertThat(Browser.leavesTheMachine("https://fonts.googleapis.com/css")).isTrue();
        assertThat(Browser.leavesTheMachine("http://127.0.0.1:9/x.png")).isTrue();
        assertThat(Browser.leavesTheMachine("ws://example.org/socket")).isTrue();
    }
}

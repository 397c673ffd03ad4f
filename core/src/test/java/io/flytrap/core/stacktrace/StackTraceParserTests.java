package io.flytrap.core.stacktrace;

import io.flytrap.core.event.StackFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackTraceParserTests {

    @Test
    void shouldParseV8StackCallerFirst() {
        String stack = """
                TypeError: Cannot read properties of undefined (reading 'x')
                    at render (https://app.example.com/static/js/main.3f9a8b7c.js:2:1043)
                    at async loadUser (webpack:///src/user.js:14:7)
                    at Object.<anonymous> (/srv/app/node_modules/express/lib/router.js:5:9)
                    at https://app.example.com/static/js/main.3f9a8b7c.js:1:99
                    at node:internal/process/task_queues:95:5""";

        List<StackFrame> frames = StackTraceParser.parse(stack);

        assertThat(frames).extracting(StackFrame::function)
                .containsExactly(null, null, "Object.<anonymous>", "loadUser", "render");
        StackFrame thrower = frames.getLast();
        assertThat(thrower.file()).isEqualTo("https://app.example.com/static/js/main.3f9a8b7c.js");
        assertThat(thrower.line()).isEqualTo(2);
        assertThat(thrower.column()).isEqualTo(1043);
        assertThat(frames).extracting(StackFrame::inApp).containsExactly(false, true, false, true, true);
    }

    @Test
    void shouldParseFirefoxAndSafariStacks() {
        String stack = """
                handleClick@https://app.example.com/app.js:10:15
                @https://app.example.com/app.js:20:3
                global code@https://app.example.com/index.html:5:1""";

        List<StackFrame> frames = StackTraceParser.parse(stack);

        assertThat(frames).extracting(StackFrame::function).containsExactly("global code", null, "handleClick");
        assertThat(frames.getLast().line()).isEqualTo(10);
        assertThat(frames.getLast().column()).isEqualTo(15);
    }

    @Test
    void shouldParseOnlyTheLastPythonTraceback() {
        String stack = """
                Traceback (most recent call last):
                  File "/app/db.py", line 3, in connect
                    raise OSError()
                OSError

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "/app/views.py", line 12, in index
                    return load()
                  File "/usr/lib/python3/dist-packages/flask/app.py", line 80, in load
                    raise ValueError("bad")
                ValueError: bad""";

        List<StackFrame> frames = StackTraceParser.parse(stack);

        assertThat(frames).extracting(StackFrame::function).containsExactly("index", "load");
        assertThat(frames).extracting(StackFrame::inApp).containsExactly(true, false);
        assertThat(frames.getFirst().line()).isEqualTo(12);
    }

    @Test
    void shouldParseJavaTraceWithoutItsCauses() {
        String stack = """
                java.lang.IllegalStateException: boom
                \tat com.example.shop.Cart.checkout(Cart.java:42)
                \tat java.base/java.lang.Thread.run(Thread.java:1583)
                Caused by: java.io.IOException: disk
                \tat com.example.shop.Disk.write(Disk.java:7)""";

        List<StackFrame> frames = StackTraceParser.parse(stack);

        assertThat(frames).extracting(StackFrame::function).containsExactly("run", "checkout");
        assertThat(frames.getLast().module()).isEqualTo("com.example.shop.Cart");
        assertThat(frames.getLast().inApp()).isTrue();
        assertThat(frames.getFirst().inApp()).isFalse();
    }

    @Test
    void shouldReturnNoFramesForTextThatIsNoStack() {
        assertThat(StackTraceParser.parse("just a message")).isEmpty();
        assertThat(StackTraceParser.parse(null)).isEmpty();
        assertThat(StackTraceParser.parse("")).isEmpty();
    }

    @Test
    void shouldNotBuildMoreThanTheFrameLimitFromAHugeStack() {
        String stack = "    at f (a.js:1:1)\n".repeat(10_000);

        assertThat(StackTraceParser.parse(stack)).hasSize(StackTraceParser.MAX_FRAMES);
    }
}

package routes.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A script of src/test/js run by Node.js with the modules of that directory's lock file (installed by the build's
 * {@code npm ci}, see pom.xml): its stdout lines are handed over as they come, stderr is kept for the failure
 * message.
 */
public final class NodeScript {

    public static final Path DIR = Path.of("src/test/js");

    private NodeScript() {
    }

    public record Run(int exitCode, List<String> lines, String errors) {
    }

    public static Run run(String script, List<String> args, long timeoutSeconds, Consumer<String> onLine)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            throw new IllegalStateException("no " + DIR.resolve("node_modules")
                    + ": install the test's Node.js modules with `npm ci --prefix src/test/js`");
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        Path errors = Files.createTempFile("node-", ".err");
        Process process = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectError(errors.toFile()).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                onLine.accept(line);
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not end within " + timeoutSeconds + " s: " + lines);
        }
        String err = Files.readString(errors);
        Files.deleteIfExists(errors);
        return new Run(process.exitValue(), lines, err);
    }
}

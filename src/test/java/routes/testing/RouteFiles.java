package routes.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The YAML route files the jar ships, for tests that edit copies of them. */
public final class RouteFiles {

    public static final Path SOURCES = Path.of("src", "main", "resources", "camel");

    private RouteFiles() {
    }

    public static void copyTo(Path dir) throws IOException {
        try (var files = Files.list(SOURCES)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }
}

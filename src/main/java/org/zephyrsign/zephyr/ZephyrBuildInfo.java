package org.zephyrsign.zephyr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Zephyr, which MCUboot and which board a build was made with, as far as its build
 * directories tell, for the signing record. Read from files only (no west, no git process); what
 * a build does not say is null.
 *
 * <ul>
 * <li>board: {@code CONFIG_BOARD_TARGET} (Zephyr 3.7 and later, e.g. {@code nrf52840dk/nrf52840}),
 * else {@code CONFIG_BOARD}, in the application's {@code zephyr/.config};</li>
 * <li>Zephyr: {@code BUILD_VERSION} (git describe of the Zephyr tree, e.g. {@code v3.7.0-123-gabc})
 * else {@code KERNEL_VERSION_STRING} from the generated {@code version.h}, else the
 * {@code VERSION} file of the {@code ZEPHYR_BASE} that {@code CMakeCache.txt} names;</li>
 * <li>MCUboot: the git commit of the MCUboot tree its build's {@code CMakeCache.txt} names as
 * {@code APPLICATION_SOURCE_DIR}, else {@code APP_BUILD_VERSION} from its generated
 * {@code app_version.h}.</li>
 * </ul>
 */
public record ZephyrBuildInfo(String zephyrVersion, String mcubootRevision, String board) {
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(\\w+)\\s+(.+?)\\s*$", Pattern.MULTILINE);
    private static final Pattern CACHE = Pattern.compile("^([A-Za-z_][\\w.-]*):[A-Z]+=(.*)$", Pattern.MULTILINE);
    private static final Pattern COMMIT = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");

    /**
     * @param applicationBuild the application's Zephyr build directory (for sysbuild, its domain)
     * @param mcubootBuild MCUboot's build directory, or null when the build made none
     */
    public static ZephyrBuildInfo read(Path applicationBuild, Path mcubootBuild) {
        return new ZephyrBuildInfo(zephyrVersion(applicationBuild), mcubootBuild == null ? null : mcubootRevision(mcubootBuild),
                board(applicationBuild));
    }

    static String board(Path build) {
        Path config = build.resolve("zephyr/.config");
        if (!Files.isRegularFile(config)) {
            return null;
        }
        KconfigFile k = KconfigFile.read(config);
        return nonEmpty(k.get("CONFIG_BOARD_TARGET") != null ? k.get("CONFIG_BOARD_TARGET") : k.get("CONFIG_BOARD"));
    }

    static String zephyrVersion(Path build) {
        for (String header : List.of("zephyr/include/generated/zephyr/version.h", "zephyr/include/generated/version.h")) {
            String text = read(build.resolve(header));
            if (text != null) {
                String v = define(text, "BUILD_VERSION");
                if (v == null) {
                    v = define(text, "KERNEL_VERSION_STRING");
                }
                if (v != null) {
                    return v;
                }
            }
        }
        String base = cacheEntry(build, "ZEPHYR_BASE");
        ZephyrVersion tree = base == null ? null : ZephyrVersion.read(Path.of(base));
        return tree == null ? null : tree.toString();
    }

    static String mcubootRevision(Path build) {
        String source = cacheEntry(build, "APPLICATION_SOURCE_DIR");
        if (source != null) {
            String commit = gitCommit(Path.of(source));
            if (commit != null) {
                return commit;
            }
        }
        for (String header : List.of("zephyr/include/generated/zephyr/app_version.h",
                "zephyr/include/generated/app_version.h")) {
            String text = read(build.resolve(header));
            String v = text == null ? null : define(text, "APP_BUILD_VERSION");
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The commit checked out in the git work tree holding {@code dir}, read from its .git directory. */
    static String gitCommit(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isRegularFile(git)) { // a worktree or submodule: "gitdir: PATH"
                String link = read(git);
                if (link == null || !link.startsWith("gitdir:")) {
                    return null;
                }
                git = d.resolve(link.substring("gitdir:".length()).trim());
            }
            if (Files.isDirectory(git)) {
                String head = read(git.resolve("HEAD"));
                if (head == null) {
                    return null;
                }
                head = head.trim();
                if (!head.startsWith("ref:")) {
                    return COMMIT.matcher(head).matches() ? head : null;
                }
                String ref = head.substring(4).trim();
                Path common = git;
                String commonDir = read(git.resolve("commondir"));
                if (commonDir != null) {
                    common = git.resolve(commonDir.trim());
                }
                for (Path g : List.of(git, common)) {
                    String loose = read(g.resolve(ref));
                    if (loose != null && COMMIT.matcher(loose.trim()).matches()) {
                        return loose.trim();
                    }
                    String packed = read(g.resolve("packed-refs"));
                    if (packed != null) {
                        for (String line : packed.split("\n")) {
                            if (line.endsWith(" " + ref) && COMMIT.matcher(line.substring(0, line.indexOf(' '))).matches()) {
                                return line.substring(0, line.indexOf(' '));
                            }
                        }
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static String cacheEntry(Path build, String name) {
        String cache = read(build.resolve("CMakeCache.txt"));
        if (cache == null) {
            return null;
        }
        Matcher m = CACHE.matcher(cache);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return nonEmpty(m.group(2).trim());
            }
        }
        return null;
    }

    private static String define(String header, String name) {
        Matcher m = DEFINE.matcher(header);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                String v = m.group(2);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return nonEmpty(v.trim());
            }
        }
        return null;
    }

    /** A small text file, or null when it is not there or unreadable. */
    private static String read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > (1 << 20)) {
                return null;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

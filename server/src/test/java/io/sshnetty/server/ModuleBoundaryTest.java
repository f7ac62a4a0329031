package io.sshnetty.server;

import io.netty.channel.Channel;
import io.sshnetty.server.registry.AdmissionMetrics;
import io.sshnetty.server.registry.ConnectionRegistry;
import io.sshnetty.transport.SshConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module boundary cannot regress silently: each library module's descriptor exports no internal package to
 * everyone, and every package is either exported API or internal; the connection record handed to
 * applications and the registry offer no way to change the library's state.
 */
class ModuleBoundaryTest {
    private static final Set<String> MODULES = Set.of("io.sshnetty.transport", "io.sshnetty.auth",
            "io.sshnetty.connection", "io.sshnetty.sftp", "io.sshnetty.server");

    @Test
    void descriptorsExportOnlyApiPackagesToEveryone() throws IOException {
        Map<String, ModuleDescriptor> descriptors = descriptors();
        assertEquals(MODULES, descriptors.keySet());
        for (ModuleDescriptor module : descriptors.values()) {
            Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            for (ModuleDescriptor.Exports export : module.exports()) {
                boolean internal = isInternal(export.source());
                if (internal) {
                    assertTrue(export.isQualified(), module.name() + " exports " + export.source() + " to everyone");
                    assertTrue(MODULES.containsAll(export.targets()), export.source() + " goes to " + export.targets());
                } else {
                    assertTrue(!export.isQualified(), module.name() + " limits API package " + export.source());
                }
            }
            for (String pkg : module.packages()) {
                assertTrue(isInternal(pkg) || exported.contains(pkg),
                        module.name() + ": package " + pkg + " is neither exported nor internal");
            }
        }
    }

    @Test
    void sshConnectionHasOnlyReaders() {
        for (Method method : SshConnection.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                assertEquals(List.of(Channel.class), Arrays.asList(method.getParameterTypes()), method.toString());
                continue;
            }
            assertEquals(0, method.getParameterCount(), "a mutator: " + method);
            assertTrue(method.getReturnType() != void.class, "a mutator: " + method);
        }
    }

    @Test
    void applicationsCannotCreateRegistriesNorRegisterChannels() {
        assertEquals(0, ConnectionRegistry.class.getConstructors().length);
        for (Method method : ConnectionRegistry.class.getMethods()) {
            assertTrue(Arrays.stream(method.getParameterTypes()).noneMatch(Channel.class::isAssignableFrom),
                    "takes a Netty channel: " + method);
        }
    }

    @Test
    void admissionMetricsCanOnlyBeRead() {
        assertEquals(0, AdmissionMetrics.class.getConstructors().length);
        for (Method method : AdmissionMetrics.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())) {
                assertTrue(method.getReturnType() != void.class, "a mutator: " + method);
            }
        }
    }

    private static boolean isInternal(String pkg) {
        return pkg.contains(".internal.") || pkg.endsWith(".internal");
    }

    /**
     * The descriptors of the sshnetty modules on the class path (tests run there; each jar or classes directory
     * has one), with the packages their classes are really in.
     */
    private static Map<String, ModuleDescriptor> descriptors() throws IOException {
        Map<String, ModuleDescriptor> found = new TreeMap<>();
        Enumeration<URL> resources = ModuleBoundaryTest.class.getClassLoader().getResources("module-info.class");
        while (resources.hasMoreElements()) {
            URL url = resources.nextElement();
            String name;
            try (InputStream in = url.openStream()) {
                name = ModuleDescriptor.read(in).name();
            }
            if (!name.startsWith("io.sshnetty.")) {
                continue;
            }
            Set<String> packages = packagesAt(url);
            try (InputStream in = url.openStream()) {
                found.put(name, ModuleDescriptor.read(in, () -> packages));
            }
        }
        return found;
    }

    private static Set<String> packagesAt(URL moduleInfo) throws IOException {
        try {
            if ("jar".equals(moduleInfo.getProtocol())) {
                String jar = moduleInfo.toString().substring("jar:".length(), moduleInfo.toString().indexOf("!/"));
                try (FileSystem fs = FileSystems.newFileSystem(Path.of(URI.create(jar)))) {
                    return packagesUnder(fs.getPath("/"));
                }
            }
            return packagesUnder(Path.of(moduleInfo.toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static Set<String> packagesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file).getParent())
                    .filter(dir -> dir != null && !dir.startsWith("META-INF"))
                    .map(dir -> dir.toString().replace(dir.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toSet());
        }
    }
}

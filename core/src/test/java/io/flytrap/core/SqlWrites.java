package io.flytrap.core;

import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds which compiled classes write which tables, from the SQL in their string constants (text blocks included)
 * and from JPA {@code @Table} mappings. Reading the class files, not the sources, sees exactly what runs (with
 * Spring's copy of ASM: the JDK's class-file API is not in Java 21, which the build targets).
 * <p>
 * A statement whose table is glued on at run time ({@code "insert into " + table}) cannot be attributed; it is
 * reported as a write to the table {@link #DYNAMIC}, which no feature owns, so such SQL fails the rules.
 */
public final class SqlWrites {

    public static final String DYNAMIC = "<table chosen at run time>";

    /** Each form is anchored on what follows the table too, so prose ("copy it", "delete from the list") is not SQL. */
    private static final Pattern WRITE = Pattern.compile(String.join("|",
            "\\binsert\\s+into\\s+([a-z_]+)\\s*(?:\\(|select\\b|values\\b|default\\b)",
            "\\bdelete\\s+from\\s+([a-z_]+)(?=\\s+(?:where|using|returning)\\b|\\s*(?:;|\\)|$))",
            "\\bupdate\\s+([a-z_]+)\\s+set\\b",
            "\\bcopy\\s+([a-z_]+)\\s*(?:\\(|from\\b)",
            "\\btruncate\\s+(?:table\\s+)?([a-z_]+)(?=\\s*(?:;|,|$|cascade\\b|restart\\b))"));
    private static final Pattern WRITE_OF_GLUED_TABLE = Pattern.compile(
            // not a row lock's "for update", nor a method called update (Spring's proxies hold such names)
            "\\b(?:insert\\s+into|delete\\s+from)\\s*$|(?<!for\\s|key\\s)\\bupdate\\s+$");
    private static final String JPA_TABLE = "Ljakarta/persistence/Table;";

    /** One class writing one table. */
    public record Write(String className, String table) {
    }

    private SqlWrites() {
    }

    /** Every write by a class under {@code classes}: a compiler output folder or a jar. */
    public static List<Write> in(Path classes) {
        if (Files.isDirectory(classes)) {
            return inTree(classes);
        }
        try (FileSystem jar = FileSystems.newFileSystem(classes)) {
            return inTree(jar.getPath("/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Write> inTree(Path root) {
        List<Write> writes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            // Spring's generated proxies (AOT writes them into the Lambda jar) only call what they wrap
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$$SpringCGLIB$$")).toList()) {
                ClassReader reader = new ClassReader(Files.readAllBytes(file));
                String className = reader.getClassName().replace('/', '.');
                Constants constants = new Constants();
                reader.accept(constants, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                writes.addAll(writesOf(className, constants.strings));
                constants.jpaTables.forEach(table -> writes.add(new Write(className, table)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writes;
    }

    /** The writes in these SQL texts, as if one class held them (what the rules are tested with). */
    public static List<Write> writesOf(String className, List<String> constants) {
        List<Write> writes = new ArrayList<>();
        for (String constant : constants) {
            String sql = constant.toLowerCase(Locale.ROOT);
            Matcher matcher = WRITE.matcher(sql);
            while (matcher.find()) {
                String table = java.util.stream.IntStream.rangeClosed(1, matcher.groupCount())
                        .mapToObj(matcher::group).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
                writes.add(new Write(className, table));
            }
            if (WRITE_OF_GLUED_TABLE.matcher(sql).find()) {
                writes.add(new Write(className, DYNAMIC));
            }
        }
        return writes;
    }

    /** The strings a class loads or declares as constants, and the table of its JPA mapping. */
    private static final class Constants extends ClassVisitor {

        final List<String> strings = new ArrayList<>();
        final List<String> jpaTables = new ArrayList<>();

        Constants() {
            super(Opcodes.ASM9);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (!descriptor.equals(JPA_TABLE)) {
                return null;
            }
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    if (name.equals("name") && value instanceof String table) {
                        jpaTables.add(table);
                    }
                }
            };
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if (value instanceof String constant) {
                strings.add(constant);
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof String constant) {
                        strings.add(constant);
                    }
                }

                /** String concatenation: its recipe holds the constant parts, split where values go in. */
                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    for (Object argument : arguments) {
                        if (argument instanceof String recipe) {
                            strings.addAll(List.of(recipe.split("[\u0001\u0002]", -1)));
                        }
                    }
                }
            };
        }
    }
}

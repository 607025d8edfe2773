package dev.jlite.schema;

import com.google.flatbuffers.Table;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Reads every field of a FlatBuffer through the flatc-generated accessors, by reflection: scalars,
 * strings, vectors (every element) and nested tables and unions. Used to prove that whatever the
 * verifier accepts can be read without an exception; independent of {@link FbsSchema}, since the
 * accessors come from flatc.
 */
final class AccessorWalker {
  /** Union value accessor name → the generated union type class (holding {@code names}). */
  private static final Map<String, String> UNIONS = Map.of(
      "builtinOptions", "dev.jlite.schema.model.BuiltinOptions",
      "builtinOptions2", "dev.jlite.schema.model.BuiltinOptions2",
      "details", "dev.jlite.schema.model.QuantizationDetails",
      "arraySegments", "dev.jlite.schema.model.SparseIndexVector",
      "arrayIndices", "dev.jlite.schema.model.SparseIndexVector",
      "contentProperties", "dev.jlite.schema.metadata.ContentProperties",
      "options", "dev.jlite.schema.metadata.ProcessUnitOptions");

  private int fieldsRead;

  /** Walks the table and everything below it; returns how many values were read. */
  static int walk(Table root) {
    AccessorWalker walker = new AccessorWalker();
    walker.walkTable(root);
    return walker.fieldsRead;
  }

  private void walkTable(Table table) {
    Class<?> type = table.getClass();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())
          || m.getName().startsWith("__") || m.getName().endsWith("InByteBuffer")) {
        continue;
      }
      Class<?>[] params = m.getParameterTypes();
      if (params.length == 0 && !m.getName().endsWith("Vector")) {
        visit(invoke(m, table));
      } else if (params.length == 1 && params[0] == int.class) {
        int length = (int) invoke(method(type, m.getName() + "Length"), table);
        for (int j = 0; j < length; j++) {
          visit(invoke(m, table, j));
        }
      } else if (params.length == 1 && params[0] == Table.class) {
        walkUnion(table, m);
      }
    }
  }

  private void walkUnion(Table table, Method valueAccessor) {
    byte code = (byte) invoke(method(table.getClass(), valueAccessor.getName() + "Type"), table);
    if (code == 0) {
      return;
    }
    try {
      String[] names = (String[]) Class.forName(UNIONS.get(valueAccessor.getName()))
          .getField("names").get(null);
      if ((code & 0xff) >= names.length) {
        return;
      }
      String pkg = table.getClass().getPackageName();
      Table member = (Table) Class.forName(pkg + "." + names[code & 0xff])
          .getDeclaredConstructor().newInstance();
      visit(invoke(valueAccessor, table, member));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private void visit(Object value) {
    fieldsRead++;
    if (value instanceof Table nested) {
      walkTable(nested);
    }
  }

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}

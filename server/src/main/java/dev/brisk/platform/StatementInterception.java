package dev.brisk.platform;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * The connections and statements of a {@link MonitoredDataSource}: dynamic proxies whose only work is
 * to time each {@code execute*} call and tell the listeners. Every other call is one reflective call on
 * the driver's object, with no per-call bookkeeping (no parameter capture, no method-name sets, no
 * connection ids). A statement's {@code getConnection()} answers the monitored connection, so work done
 * through it is seen too.
 */
final class StatementInterception {

    // the proxy classes' constructors, looked up once: Proxy.newProxyInstance looks the class up on every call
    private static final Constructor<?> CONNECTION = proxyConstructor(Connection.class);
    private static final Constructor<?> STATEMENT = proxyConstructor(Statement.class);
    private static final Constructor<?> PREPARED = proxyConstructor(PreparedStatement.class);
    private static final Constructor<?> CALLABLE = proxyConstructor(CallableStatement.class);

    private StatementInterception() {}

    static Connection connection(Connection target, StatementListener listeners) {
        return (Connection) proxy(CONNECTION, new ConnectionCalls(target, listeners));
    }

    private static Constructor<?> proxyConstructor(Class<?> type) {
        Object sample = Proxy.newProxyInstance(
                StatementInterception.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> null);
        try {
            return sample.getClass().getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object proxy(Constructor<?> type, InvocationHandler handler) {
        try {
            return type.newInstance(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable Object call(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** equals, hashCode and toString of a proxy, which must not reach the driver's object as-is. */
    private static @Nullable Object objectMethod(Object proxy, Object target, String name, Object @Nullable [] args) {
        return switch (name) {
            case "equals" -> args != null && proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "monitored " + target;
            default -> null;
        };
    }

    private static boolean isObjectMethod(Method method) {
        return method.getDeclaringClass() == Object.class;
    }

    private record ConnectionCalls(Connection target, StatementListener listeners) implements InvocationHandler {

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            if (isObjectMethod(method)) {
                return objectMethod(proxy, target, method.getName(), args);
            }
            Object result = call(target, method, args);
            return switch (method.getName()) {
                case "prepareStatement" -> statement(PREPARED, result, (Connection) proxy, (String) args[0]);
                case "prepareCall" -> statement(CALLABLE, result, (Connection) proxy, (String) args[0]);
                case "createStatement" -> statement(STATEMENT, result, (Connection) proxy, null);
                default -> result;
            };
        }

        private Object statement(
                Constructor<?> type, @Nullable Object target, Connection connection, @Nullable String sql) {
            return proxy(type, new StatementCalls((Statement) target, connection, listeners, sql));
        }
    }

    private static final class StatementCalls implements InvocationHandler {
        private final Statement target;
        private final Connection connection;
        private final StatementListener listeners;
        private final boolean prepared;
        /** The prepared text; for a plain statement the first text added to its current batch. */
        private @Nullable String sql;

        StatementCalls(Statement target, Connection connection, StatementListener listeners, @Nullable String sql) {
            this.target = target;
            this.connection = connection;
            this.listeners = listeners;
            this.prepared = sql != null;
            this.sql = sql;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("execute")) {
                return execute(method, args);
            }
            if (isObjectMethod(method)) {
                return objectMethod(proxy, target, name, args);
            }
            if (name.equals("getConnection")) {
                return connection;
            }
            if (!prepared && name.equals("addBatch") && sql == null && args != null && args[0] instanceof String text) {
                sql = text;
            } else if (!prepared && name.equals("clearBatch")) {
                sql = null;
            }
            return call(target, method, args);
        }

        private @Nullable Object execute(Method method, Object @Nullable [] args) throws Throwable {
            String text =
                    args != null && args.length > 0 && args[0] instanceof String given ? given : sql == null ? "" : sql;
            listeners.beforeStatement(text);
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                return call(target, method, args);
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                listeners.afterStatement(target, text, System.nanoTime() - start, failure);
                if (!prepared && method.getName().endsWith("Batch")) {
                    sql = null; // the driver cleared the batch
                }
            }
        }
    }
}

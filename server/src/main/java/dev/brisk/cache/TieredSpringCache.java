package dev.brisk.cache;

import dev.brisk.cache.internal.Entry;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/** One Spring {@link Cache} over the engine; see {@link TieredCacheManager}. */
final class TieredSpringCache implements Cache {

    private final String name;
    private final CacheNamespace namespace;
    private final TieredCache engine;

    TieredSpringCache(String name, CacheNamespace namespace, TieredCache engine) {
        this.name = name;
        this.namespace = namespace;
        this.engine = engine;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object getNativeCache() {
        return engine;
    }

    CacheKey keyFor(Object key) {
        if (key instanceof CacheKey k) {
            return new CacheKey(namespace, k.orgId(), k.parts()).prepend(name);
        }
        return CacheKey.global(namespace, name, key == null ? "null" : key.getClass().getName(), String.valueOf(key));
    }

    @Override
    public ValueWrapper get(Object key) {
        Entry entry = engine.read(keyFor(key), null, null);
        return entry == null ? null : new SimpleValueWrapper(entry.value());
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
        Entry entry = engine.read(keyFor(key), type, null);
        if (entry == null || entry.absent()) {
            return null;
        }
        if (type != null && !type.isInstance(entry.value())) {
            throw new IllegalStateException("Cached value is not of required type [" + type.getName() + "]: " + entry.value());
        }
        @SuppressWarnings("unchecked")
        T value = (T) entry.value();
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        Entry entry = engine.read(keyFor(key), null, () -> {
            try {
                return Optional.ofNullable(valueLoader.call());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new ValueRetrievalException(key, valueLoader, e);
            }
        });
        return (T) entry.value();
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            engine.putAbsent(keyFor(key));
        } else {
            engine.put(keyFor(key), value);
        }
    }

    @Override
    public void evict(Object key) {
        engine.evict(keyFor(key));
    }

    @Override
    public void clear() {
        engine.clear(namespace);
    }
}

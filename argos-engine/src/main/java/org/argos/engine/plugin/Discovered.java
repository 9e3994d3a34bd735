package org.argos.engine.plugin;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.ArgosException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ServiceLoader finds in one class loader, per service type, cached so that every registry over that loader (the
 * daemon's config validation and its engine) shares one lookup and one instance per provider. Nothing is instantiated
 * until a registry asks for that service type. The cache holds its entries weakly: they live as long as a registry uses
 * them, and a plugin class loader that nothing uses any more can be collected.
 */
final class Discovered {
  private static final Logger LOG = LoggerFactory.getLogger(Discovered.class);
  private static final Map<ClassLoader, WeakReference<Discovered>> CACHE = new WeakHashMap<>();

  private final ClassLoader classLoader;
  private final Map<Class<?>, Service<?>> services = new ConcurrentHashMap<>();

  private Discovered(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** @return the (shared) discoveries of this class loader */
  static Discovered in(ClassLoader classLoader) {
    synchronized (CACHE) {
      WeakReference<Discovered> ref = CACHE.get(classLoader);
      Discovered d = ref == null ? null : ref.get();
      if (d == null) {
        d = new Discovered(classLoader);
        CACHE.put(classLoader, new WeakReference<>(d));
      }
      return d;
    }
  }

  @SuppressWarnings("unchecked")
  <T> Service<T> service(Class<T> type) {
    return (Service<T>) services.computeIfAbsent(type, t -> new Service<>(type, classLoader));
  }

  /** Where a class was loaded from: its jar or directory, the part of a duplicate error a user acts on. */
  static String source(Class<?> type) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    URL location = cs == null ? null : cs.getLocation();
    return location == null ? "unknown location" : location.toString();
  }

  /** @return "class (jar)" */
  static String describe(Class<?> type) {
    return type.getName() + " (" + source(type) + ")";
  }

  /** A provider that could not be instantiated, kept to explain a lookup that then finds nothing. */
  record Failure(Class<?> type, Throwable error) {
    @Override
    public String toString() {
      return describe(type) + ": " + error;
    }
  }

  /** The instances of one service type that could be made, and the providers that failed. */
  record Instances<T>(List<T> loaded, List<Failure> failures) {}

  /** One service type in one class loader. */
  static final class Service<T> {
    private final Class<T> type;
    private final ClassLoader classLoader;
    private volatile @Nullable List<ServiceLoader.Provider<T>> providers;
    private volatile @Nullable Instances<T> instances;

    private Service(Class<T> type, ClassLoader classLoader) {
      this.type = type;
      this.classLoader = classLoader;
    }

    /** @return the providers listed in META-INF/services (or module declarations), none instantiated */
    List<ServiceLoader.Provider<T>> providers() {
      List<ServiceLoader.Provider<T>> p = providers;
      if (p == null) {
        synchronized (this) {
          p = providers;
          if (p == null) {
            try {
              p = ServiceLoader.load(type, classLoader).stream().toList();
            } catch (ServiceConfigurationError e) {
              throw new ArgosException("could not list the " + type.getSimpleName() + " plugins: " + e.getMessage(), e);
            }
            providers = p;
          }
        }
      }
      return p;
    }

    /**
     * Instantiates every provider once (on the first call; later calls return the same instances). A provider whose
     * constructor throws is logged and remembered as a failure: it breaks only a lookup that needs it.
     */
    Instances<T> instances() {
      Instances<T> i = instances;
      if (i == null) {
        synchronized (this) {
          i = instances;
          if (i == null) {
            List<T> loaded = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (ServiceLoader.Provider<T> p : providers()) {
              try {
                loaded.add(p.get());
              } catch (Throwable e) { // a plugin's constructor: whatever it throws, the others stay usable
                Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
                LOG.warn("could not load the {} plugin {}: {}", type.getSimpleName(), describe(p.type()),
                    cause.toString());
                failures.add(new Failure(p.type(), cause));
              }
            }
            i = new Instances<>(Collections.unmodifiableList(loaded), List.copyOf(failures));
            instances = i;
          }
        }
      }
      return i;
    }
  }
}

package dev.brisk.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * List endpoints answer a query parameter they do not know with a 400 naming it, instead of
 * ignoring it: a typo ({@code stauts=PAID}) does not silently return everything, and junk
 * parameters do not make new response-cache entries. The known names are the handler's own
 * ({@code @RequestParam} and the components of its {@code @ParameterObject} records). Runs before
 * a miss is stored, so no entry has an unknown parameter in its key and an early hit (which skips
 * this interceptor) never answers one.
 */
final class KnownParameters implements HandlerInterceptor {

    /** Per handler method: bounded by the application's code. */
    private final Map<Method, Set<String>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && "GET".equals(request.getMethod())) {
            Set<String> names = known.computeIfAbsent(method.getMethod(), m -> names(method));
            if (names != null && !names.isEmpty()) {
                for (String name : request.getParameterMap().keySet()) {
                    if (!names.contains(name)) {
                        throw ApiException.badField(
                                name.length() > 64 ? name.substring(0, 64) + "…" : name,
                                "is not a parameter of this list; known: " + String.join(", ", names));
                    }
                }
            }
        }
        return true;
    }

    /** The parameters of a list endpoint (one taking {@link ListParams}), or an empty set for any other handler. */
    private static Set<String> names(HandlerMethod method) {
        boolean list = false;
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            Class<?> type = parameter.getParameterType();
            if (type == ListParams.class) {
                list = true;
            }
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty() ? param.name() : parameter.getParameterName();
                if (name != null) {
                    names.add(name);
                }
            } else if (parameter.hasParameterAnnotation(ParameterObject.class) && type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    names.add(component.getName());
                }
            }
        }
        return list ? java.util.Collections.unmodifiableSet(names) : Set.of();
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new KnownParameters()).order(Ordered.HIGHEST_PRECEDENCE + 1);
        }
    }
}

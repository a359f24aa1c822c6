package dev.brisk.platform;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** A module's MVC interceptor as a bean of its own configuration, in Spring MVC's default order. */
public final class Interceptors {

    private Interceptors() {}

    public static WebMvcConfigurer registering(HandlerInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}

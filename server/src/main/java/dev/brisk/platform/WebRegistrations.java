package dev.brisk.platform;

import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** A module's servlet filter or MVC interceptor as a bean of its own configuration. */
public final class WebRegistrations {

    private WebRegistrations() {}

    /** The filter at {@code order} in the servlet filter chain (the order constants say who runs before whom). */
    public static <F extends Filter> FilterRegistrationBean<F> filter(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        return registration;
    }

    /** The interceptor in Spring MVC's default order. */
    public static WebMvcConfigurer interceptor(HandlerInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}

package dev.brisk.cache;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Ends a write before its response body goes out: the transaction has committed by then, so the
 * write's change number is known. It fences the writer on this node and goes to the client
 * ({@link ReadYourWrites}) before the client can send its next request. Body-less answers (204)
 * are acknowledged in {@link ResponseCache#afterCompletion}, before the container commits them.
 */
@ControllerAdvice
class WriteAcknowledgement implements ResponseBodyAdvice<Object> {

    static final String WRITE = WriteAcknowledgement.class.getName() + ".user";
    private static final String DONE = WriteAcknowledgement.class.getName() + ".done";

    private final WriteFence fence;

    WriteAcknowledgement(WriteFence fence) {
        this.fence = fence;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (request instanceof ServletServerHttpRequest servletRequest
                && response instanceof ServletServerHttpResponse servletResponse) {
            HttpServletResponse raw = servletResponse.getServletResponse();
            end(servletRequest.getServletRequest(), raw, raw.getStatus() >= 400);
        }
        return body;
    }

    /** Records the write's end once: fence (successful writes only) and the number for the client. */
    void end(HttpServletRequest request, HttpServletResponse response, boolean failed) {
        if (!(request.getAttribute(WRITE) instanceof Long userId) || request.getAttribute(DONE) != null) {
            return;
        }
        request.setAttribute(DONE, Boolean.TRUE);
        long seq = ChangeNumbers.finish();
        fence.writeEnded(userId, seq, failed);
        if (!failed) {
            ReadYourWrites.acknowledge(response, seq);
        }
    }
}

package dev.brisk.monitoring;

import dev.brisk.platform.RequestFilter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Opens the per-request statistics before anything else runs (authentication included), adds
 * {@code Server-Timing} just before the response commits, and hands the finished request to the
 * route and query monitors.
 */
@Component
// Inside Spring's http.server.requests observation filter (HIGHEST_PRECEDENCE + 1), so that with tracing on
// the request's span, and its trace id in the MDC, cover what this filter logs after the chain (N+1 suspects).
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestMonitorFilter extends RequestFilter {

    static final String REQUEST_ID = "X-Request-Id";
    /** MDC key of the request id: in the log pattern and a field of structured (ECS, Logstash) logs. */
    static final String MDC_REQUEST_ID = "requestId";

    private final QueryMonitor queries;
    private final RouteMonitor routes;
    private final LiveSampler live;
    private final HttpServerTimer timer;

    RequestMonitorFilter(QueryMonitor queries, RouteMonitor routes, LiveSampler live, HttpServerTimer timer) {
        this.queries = queries;
        this.routes = routes;
        this.live = live;
        this.timer = timer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(REQUEST_ID);
        if (!safeId(id)) {
            id = randomId();
        }
        RequestStats stats = RequestStats.open(id);
        response.setHeader(REQUEST_ID, id);
        MDC.put(MDC_REQUEST_ID, id);
        TimingResponse timed = new TimingResponse(response, stats);
        Throwable thrown = null;
        try {
            chain.doFilter(request, timed);
            timed.addTiming();
        } catch (Throwable e) {
            thrown = e;
            throw e;
        } finally {
            RequestStats.close();
            long nanos = System.nanoTime() - stats.startNanos;
            timeRequest(request, response, thrown, stats.startNanos, nanos);
            routes.requestFinished(request, response.getStatus(), stats, nanos / 1_000);
            live.record(nanos / 1_000, stats.statements);
            queries.requestFinished(stats);
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    /** Times a request when it ends, an async one (the live stream) when it completes, as Spring's observation does. */
    private void timeRequest(
            HttpServletRequest request, HttpServletResponse response, Throwable thrown, long start, long nanos) {
        if (!timer.on()) {
            return;
        }
        if (thrown == null && request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                private Throwable error;

                @Override
                public void onError(AsyncEvent event) {
                    error = event.getThrowable(); // the container completes the request next
                }

                @Override
                public void onComplete(AsyncEvent event) {
                    timer.record(request, response.getStatus(), error, System.nanoTime() - start);
                }

                @Override
                public void onTimeout(AsyncEvent event) {}

                @Override
                public void onStartAsync(AsyncEvent event) {}
            });
            return;
        }
        timer.record(request, thrown != null ? 500 : response.getStatus(), thrown, nanos);
    }

    /** {@code [A-Za-z0-9._-]{1,64}}: a client's id is echoed and logged only if it is this, checked without a regex. */
    static boolean safeId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A version-4 UUID from ThreadLocalRandom: a correlation id, not a secret, so it needs no
     * SecureRandom (UUID.randomUUID's, 2 % of a cached hit's samples).
     */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** Adds Server-Timing once, at the last moment headers can still change. */
    private static final class TimingResponse extends HttpServletResponseWrapper {
        private final RequestStats stats;
        private boolean added;
        private ServletOutputStream stream;

        TimingResponse(HttpServletResponse response, RequestStats stats) {
            super(response);
            this.stats = stats;
        }

        void addTiming() {
            if (!added && !isCommitted()) {
                added = true;
                setHeader("Server-Timing", stats.serverTiming());
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        addTiming();
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        addTiming();
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        addTiming();
                        out.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            addTiming();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            addTiming();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            addTiming();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            addTiming();
            super.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            addTiming();
            super.sendRedirect(location);
        }
    }
}

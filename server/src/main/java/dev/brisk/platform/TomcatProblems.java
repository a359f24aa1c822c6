package dev.brisk.platform;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tomcat refuses some requests before Spring MVC sees them (a request line or headers larger than
 * {@code server.max-http-request-header-size}, say a 10 000-character query parameter) and answers
 * them with its own HTML page. This swaps Tomcat's error report valve for one that writes
 * problem+json, so every error status is RFC 9457 whichever layer produced it.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // At BEFORE_START every customizer (Boot's own valve included) has run: replace whatever is there.
        factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() != null) {
                Pipeline pipeline = context.getParent().getPipeline();
                boolean present = false;
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ProblemValve) {
                        present = true;
                    } else if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                if (!present) {
                    pipeline.addValve(new ProblemValve());
                }
            }
        }));
    }

    /** {@link ErrorReportValve#report} with a problem+json body instead of HTML; never shows exception text. */
    static final class ProblemValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail = status >= 500
                    ? "Internal error"
                    : "The request was refused before it reached the application (malformed, or its request line or headers are too large)";
            String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response is unusable; nothing more to say
            }
        }
    }
}

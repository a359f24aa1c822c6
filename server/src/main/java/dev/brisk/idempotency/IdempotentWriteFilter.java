package dev.brisk.idempotency;

import dev.brisk.monitoring.RouteMonitor;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import dev.brisk.platform.CommitOutcomeUnknownException;
import dev.brisk.platform.DatabaseFailure;
import dev.brisk.platform.ProblemWriter;
import dev.brisk.platform.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Every authenticated write under {@code /api} runs in one transaction that this filter commits
 * before the answer leaves (it is buffered until then). That makes a failure's meaning exact: a
 * failure before the commit rolled everything back (503 "not committed" when the database is away),
 * a failure during the commit is of unknown outcome ({@link CommitOutcomeUnknownException}).
 *
 * <p>With an {@code Idempotency-Key} header the first successful (2xx) answer is stored in
 * {@code idempotency_keys} in that same transaction, per organization and user. A retry with the same
 * key and the same request (method, path, query, body bytes) gets that answer again — status, body,
 * {@code Location}, plus {@code Idempotent-Replayed: true} — without running; with another request
 * it is 422. While a request with the key runs (its transaction holds an advisory lock on the key),
 * another one with the same key is 409 with {@code Retry-After}. Error answers are not stored: they
 * committed nothing, so a retry runs again.
 */
@Component
@Order(0) // after Spring Security (-100): the caller is known
class IdempotentWriteFilter extends RequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final PlatformTransactionManager transactions;
    private final IdempotencyStore store;
    private final IdempotencyProperties properties;
    private final ProblemWriter problems;

    IdempotentWriteFilter(
            DataSource dataSource, IdempotencyStore store, IdempotencyProperties properties, ProblemWriter problems) {
        // A manager of its own on the same DataSource (services' @Transactional joins its transaction):
        // unlike Boot's JdbcTransactionManager it reports a failed commit as a TransactionException, so
        // Spring does not try a rollback on the dead connection and log the commit failure away.
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
        manager.setRollbackOnCommitFailure(false);
        this.transactions = manager;
        this.store = store;
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = caller();
        if (caller == null) {
            chain.doFilter(request, response); // login, or refused by security anyway
            return;
        }
        String key = request.getHeader(HEADER);
        byte[] hash = null;
        HttpServletRequest in = request;
        if (key != null) {
            if (!valid(key)) {
                problems.write(
                        response,
                        ApiException.badField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters"));
                return;
            }
            byte[] body;
            try {
                body = request.getInputStream().readAllBytes(); // bounded: RequestSizeFilter stops it past the limit
            } catch (ApiException e) { // too large
                problems.write(response, e);
                return;
            }
            hash = fingerprint(request, body);
            in = new CachedBody(request, body);
        }
        ContentCachingResponseWrapper out = new ContentCachingResponseWrapper(response);
        TransactionStatus tx = transactions.getTransaction(new DefaultTransactionDefinition());
        try {
            if (key != null && answeredBefore(caller, key, hash, request, response)) {
                transactions.rollback(tx);
                return;
            }
            chain.doFilter(in, out);
            int status = out.getStatus();
            if (status >= 200 && status < 300) {
                if (key != null) {
                    store.save(caller.orgId(), caller.userId(), key, answer(hash, out));
                }
                commit(tx);
            } else {
                transactions.rollback(tx);
            }
        } catch (ServletException | IOException | RuntimeException e) {
            if (!tx.isCompleted()) {
                rollbackQuietly(tx);
            }
            throw e;
        }
        out.copyBodyToResponse();
    }

    /** True when this key was seen: the stored answer, a 422 or a 409 has been written. */
    private boolean answeredBefore(
            Caller caller, String key, byte[] hash, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RouteMonitor.outsideBudget(request, 2); // lock and look-up (the insert after a 2xx comes after the check)
        if (!store.tryLock(caller.orgId(), caller.userId(), key)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problems.write(
                    response, ApiException.conflict("A request with this Idempotency-Key is still being processed"));
            return true;
        }
        Optional<IdempotencyStore.Answer> first = store.find(caller.orgId(), caller.userId(), key, properties.ttl());
        if (first.isEmpty()) {
            return false;
        }
        IdempotencyStore.Answer answer = first.get();
        if (answer.expired()) {
            RouteMonitor.outsideBudget(request, 1);
            store.delete(caller.orgId(), caller.userId(), key); // committed with this request's own answer
            return false;
        }
        if (!MessageDigest.isEqual(answer.requestHash(), hash)) {
            problems.write(
                    response,
                    ApiException.unprocessable(
                            HEADER, "was used for a different request (method, path or body); use a new key"));
            return true;
        }
        response.setStatus(answer.status());
        response.setHeader(REPLAYED, "true");
        if (answer.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, answer.location());
        }
        if (answer.body() != null) {
            if (answer.contentType() != null) {
                response.setContentType(answer.contentType());
            }
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        }
        return true;
    }

    private IdempotencyStore.Answer answer(byte[] hash, ContentCachingResponseWrapper out) {
        byte[] body = out.getContentAsByteArray();
        boolean omitted = body.length > properties.maxStoredBody().toBytes();
        return new IdempotencyStore.Answer(
                hash,
                out.getStatus(),
                out.getHeader(HttpHeaders.LOCATION),
                out.getContentType(),
                omitted ? null : body,
                omitted,
                false);
    }

    private void commit(TransactionStatus tx) {
        try {
            transactions.commit(tx);
        } catch (RuntimeException e) {
            if (DatabaseFailure.of(e).isFailure()) {
                throw new CommitOutcomeUnknownException(e);
            }
            throw e;
        }
    }

    private void rollbackQuietly(TransactionStatus tx) {
        try {
            transactions.rollback(tx);
        } catch (RuntimeException ignored) {
            // the connection is gone, and with it the transaction: the server rolled it back
        }
    }

    static boolean valid(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    private static byte[] fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod()
                    + ' '
                    + request.getRequestURI()
                    + '?'
                    + (request.getQueryString() == null ? "" : request.getQueryString())
                    + '\n';
            sha.update(target.getBytes(StandardCharsets.UTF_8));
            return sha.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Caller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Caller caller ? caller : null;
    }

    /** The request with its body already read (to fingerprint it), readable once more by the handler. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                    getInputStream(),
                    getCharacterEncoding() == null
                            ? StandardCharsets.UTF_8
                            : java.nio.charset.Charset.forName(getCharacterEncoding())));
        }
    }
}

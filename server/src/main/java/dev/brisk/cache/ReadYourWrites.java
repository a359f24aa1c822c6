package dev.brisk.cache;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Read-your-writes on every node, without sticky sessions and whether Redis is up, down or
 * absent: a successful write's response carries its change number ({@value #HEADER} header and
 * the {@value #COOKIE} cookie). A client that sends it back (browsers do, with the cookie) makes
 * any node that has not heard that number yet wait for it briefly, and bypass the response cache
 * if it still has not. The number is no secret and no authority: a client that sends a wrong one
 * only slows its own reads (each waits at most {@link #waitNanos()} before reading the database).
 */
final class ReadYourWrites {

    static final String HEADER = "Brisk-Change";
    static final String COOKIE = "brisk_change";
    /** The cookie outlives any notification delay by far; after that every node has heard the number. */
    private static final long COOKIE_SECONDS = 60;

    private final long waitNanos;

    ReadYourWrites(long waitMillis) {
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    }

    long waitNanos() {
        return waitNanos;
    }

    /** The highest change number the request asks this node to have heard (header or cookie), 0 if none. */
    static long requested(HttpServletRequest request) {
        long seq = parse(request.getHeader(HEADER));
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    seq = Math.max(seq, parse(cookie.getValue()));
                }
            }
        }
        return seq;
    }

    /** Tells the client the number to send back; once per response, while headers can still change. */
    static void acknowledge(HttpServletResponse response, long seq) {
        if (seq <= 0 || response.isCommitted() || response.containsHeader(HEADER)) {
            return;
        }
        response.setHeader(HEADER, Long.toString(seq));
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(COOKIE, Long.toString(seq))
                        .path("/")
                        .httpOnly(true)
                        .sameSite("Strict")
                        .maxAge(COOKIE_SECONDS)
                        .build()
                        .toString());
    }

    private static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package io.naftiko.skipper.audit;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of decisions ended: the last decision's time and id. The next page starts strictly after it in
 * (time, id) order, so decisions stored meanwhile, newer than the first page, never shift or repeat a page.
 *
 * @param decidedAt the last decision's time
 * @param id        the last decision's row id
 */
public record Cursor(Instant decidedAt, long id) {

    /** The opaque text handed to clients. */
    public String encode() {
        String plain = decidedAt.getEpochSecond() + "." + decidedAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a client sent back. */
    public static Cursor decode(String text) throws AuditInputException {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\.");
            if (parts.length == 3) {
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            // Reported below, as every malformed cursor is.
        }
        throw new AuditInputException("cursor: not a cursor this server handed out (pass the next value of a previous page)");
    }
}

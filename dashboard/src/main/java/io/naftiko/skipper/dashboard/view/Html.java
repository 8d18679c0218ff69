package io.naftiko.skipper.dashboard.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The few pieces of HTML every page is made of. Every text that comes from the cluster goes through {@link #text},
 * so a Capability's name, a condition's message or a decision's path can never become markup.
 */
public final class Html {

    /** The pages of the navigation, path and name, in the order shown. */
    private static final List<Map.Entry<String, String>> NAVIGATION = List.of(Map.entry("/", "Fleet"), Map.entry("/wardens", "Wardens"),
            Map.entry("/audit", "Audit"), Map.entry("/admission", "Admission"));
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
            header{background:#0b3d5c;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.5rem;align-items:center}
            header a{color:#fff;text-decoration:none}header a[aria-current=page]{text-decoration:underline}
            main{padding:1rem 1.2rem;max-width:80rem}h1{font-size:1.4rem;margin:.4rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
            th{background:#eaeef2;font-weight:600}.badge{display:inline-block;padding:0 .5rem;border-radius:.8rem;font-weight:600;font-size:.85rem}
            .ok{background:#d1f0d8;color:#0a5c1f}.warn{background:#fff1c2;color:#6b4e00}.bad{background:#ffd8d3;color:#8a1c0d}.idle{background:#e4e7eb;color:#3d444d}
            .cards{display:flex;gap:.8rem;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d7de;border-radius:.4rem;padding:.5rem .9rem;min-width:8rem}
            .card b{display:block;font-size:1.5rem}form{display:flex;gap:.8rem;flex-wrap:wrap;align-items:end;margin:.6rem 0 1rem}
            label{display:flex;flex-direction:column;font-size:.85rem}.note{background:#fff;border-left:4px solid #8c959f;padding:.5rem .8rem}
            svg.spark{vertical-align:middle}code{font-size:.85rem}
            """;

    private Html() {
    }

    /** The text, escaped for an element's content or an attribute's value. */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A value for a URL's path segment or query. */
    public static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** A whole page: its title (also the tab's), the navigation with the current page marked, one h1, the body. */
    public static String page(String title, String current, String body) {
        StringBuilder html = new StringBuilder(4096 + body.length());
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(text(title)).append(" · Skipper</title><style>").append(STYLE).append("</style></head><body>")
                .append("<header><strong>Skipper</strong><nav aria-label=\"Pages\">");
        for (Map.Entry<String, String> page : NAVIGATION) {
            html.append("<a href=\"").append(page.getKey()).append("\"").append(page.getKey().equals(current) ? " aria-current=\"page\"" : "")
                    .append(" style=\"margin-right:1rem\">").append(page.getValue()).append("</a>");
        }
        html.append("</nav></header><main><h1>").append(text(title)).append("</h1>").append(body).append("</main></body></html>");
        return html.toString();
    }

    /** A status shown by colour and by its word, so colour is never the only signal. */
    public static String badge(String word, Tone tone) {
        return "<span class=\"badge " + tone.css + "\">" + text(word) + "</span>";
    }

    /** A table with a caption (read by screen readers), headers, and rows of already-built cells. */
    public static String table(String caption, List<String> headers, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table><caption style=\"text-align:left;font-weight:600;padding:.3rem 0\">")
                .append(text(caption)).append("</caption><thead><tr>");
        headers.forEach(h -> html.append("<th scope=\"col\">").append(text(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"").append(headers.size()).append("\">None.</td></tr>");
        }
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** A labelled drop-down of a filter form; the empty choice means any. */
    static String select(String name, String label, List<String> choices, String chosen) {
        StringBuilder html = new StringBuilder("<label for=\"").append(name).append("\">").append(text(label))
                .append("<select id=\"").append(name).append("\" name=\"").append(name).append("\"><option value=\"\">any</option>");
        for (String choice : choices) {
            html.append("<option").append(choice.equals(chosen) ? " selected" : "").append(">").append(text(choice)).append("</option>");
        }
        return html.append("</select></label>").toString();
    }

    /** A labelled text field of a filter form. */
    static String input(String name, String label, String value, String placeholder) {
        return "<label for=\"" + name + "\">" + text(label) + "<input id=\"" + name + "\" name=\"" + name + "\" value=\"" + text(value)
                + "\" placeholder=\"" + text(placeholder) + "\"></label>";
    }

    /** What a status looks like: good, in progress, bad, or nothing to say. */
    public enum Tone {
        /** Running, healthy, allowed. */
        GOOD("ok"),
        /** Pending, progressing, paused. */
        PENDING("warn"),
        /** Degraded, failed, denied. */
        BAD("bad"),
        /** Unknown or not applicable. */
        NEUTRAL("idle");

        private final String css;

        Tone(String css) {
            this.css = css;
        }
    }
}

package io.naftiko.skipper.bundler.rego;

import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Whether a policy file is Rego v1 that OPA will parse, checked before it is signed: a bundle whose module does not
 * parse is one OPA refuses to activate, so it must never be published. The parser is generated from {@code Rego.g4}.
 */
public final class RegoSyntax {

    private RegoSyntax() {
    }

    /**
     * Where and why a policy does not parse.
     *
     * @param line    1-based line
     * @param column  1-based column
     * @param message what the parser expected or found
     */
    public record SyntaxError(int line, int column, String message) {

        /** {@code FILE:LINE:COLUMN: message}, as compilers print it. */
        public String describe(String file) {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }

    /** The first syntax error of {@code text}, or empty when it is a Rego v1 module. */
    public static Optional<SyntaxError> check(String text) {
        RegoParser.ModuleContext module;
        try {
            // Two stages, as ANTLR recommends: the fast SLL prediction, bailing out at the first error, and full LL
            // (which also reports the error's position well) only when SLL fails.
            module = parse(text, PredictionMode.SLL, new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String message,
                                        RecognitionException e) {
                    throw new ParseCancellationException(message);
                }
            });
        } catch (ParseCancellationException sllFailed) {
            FirstError first = new FirstError();
            module = parse(text, PredictionMode.LL, first);
            if (first.error != null) {
                return Optional.of(first.error);
            }
        }
        return Optional.ofNullable(withoutIf(module));
    }

    private static RegoParser.ModuleContext parse(String text, PredictionMode mode, BaseErrorListener listener) {
        RegoLexer lexer = new RegoLexer(CharStreams.fromString(text));
        RegoParser parser = new RegoParser(new CommonTokenStream(lexer));
        parser.getInterpreter().setPredictionMode(mode);
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        lexer.addErrorListener(listener);
        parser.addErrorListener(listener);
        return parser.module();
    }

    /** Keeps the first error the lexer or parser reports. */
    private static final class FirstError extends BaseErrorListener {
        private SyntaxError error;

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String message,
                                RecognitionException e) {
            if (error == null) {
                boolean atEnd = offending instanceof Token token && token.getType() == Token.EOF;
                error = new SyntaxError(line, column + 1, atEnd ? "unexpected end of file, unclosed or unfinished (" + message + ")" : message);
            }
        }
    }

    /** Rego v1 needs {@code if} before a rule body; the grammar accepts the old form only to say so. */
    private static SyntaxError withoutIf(RegoParser.ModuleContext module) {
        for (RegoParser.PolicyRuleContext rule : module.policyRule()) {
            if (rule instanceof RegoParser.PlainRuleContext plain && plain.ruleBody() instanceof RegoParser.BodyWithoutIfContext body) {
                Token start = body.getStart();
                return new SyntaxError(start.getLine(), start.getCharPositionInLine() + 1,
                        "`if` keyword is required before rule body (Rego v1)");
            }
        }
        return null;
    }
}
